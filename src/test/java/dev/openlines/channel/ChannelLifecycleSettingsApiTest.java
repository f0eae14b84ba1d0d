package dev.openlines.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import dev.openlines.testing.TestChannels;
import java.time.Duration;
import java.time.LocalTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChannelLifecycleSettingsApiTest {

  @Autowired WebApplicationContext context;
  @Autowired ChannelLifecycleSettingsService settings;
  @Autowired ChannelService channels;
  MockMvc mvc;
  String channelId;

  @BeforeEach
  void setUp() {
    // Built by hand rather than @AutoConfigureMockMvc, so every test class shares one context and engine.
    mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    channelId = TestChannels.create(channels);
  }

  static final String VALID = """
      {
        "workingHours": {
          "timeZone": "Europe/Berlin",
          "weeklySchedule": {"MONDAY": [{"opens": "09:00", "closes": "13:00"}, {"opens": "14:00", "closes": "18:00"}]},
          "holidays": [{"from": "2026-12-24", "to": "2027-01-02", "name": "Winter break"}]
        },
        "automaticActions": {"greeting": "Hello!", "offHoursReply": "We are closed, we answer from 9:00."},
        "kpi": {"firstResponseLimit": "PT5M", "notificationText": "#OPERATOR# is late in #DIALOG#", "recipients": ["sup-1"]}
      }
      """;

  @Test
  void validSettingsAreSavedAndReadBack() throws Exception {
    mvc.perform(put("/api/admin/channels/{id}/lifecycle-settings", channelId).with(user("admin").roles("ADMIN"))
            .contentType(MediaType.APPLICATION_JSON).content(VALID))
        .andExpect(status().isOk());

    ChannelLifecycleSettings stored = settings.find(channelId).orElseThrow();
    assertThat(stored.workingHours().intervalsOn(DayOfWeek.MONDAY)).extracting(WorkingHours.OpenInterval::opens)
        .containsExactly(LocalTime.of(9, 0), LocalTime.of(14, 0));
    assertThat(stored.kpi().firstResponseLimit()).isEqualTo(Duration.ofMinutes(5));
    assertThat(stored.automaticActions().textOf(AutomaticActions.Template.GREETING)).isEqualTo("Hello!");

    mvc.perform(get("/api/admin/channels/{id}/lifecycle-settings", channelId).with(user("admin").roles("ADMIN")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.workingHours.timeZone").value("Europe/Berlin"))
        .andExpect(jsonPath("$.kpi.recipients[0]").value("sup-1"));
  }

  @Test
  void invalidSettingsAreRejectedWithWhatToFixAndNothingIsSaved() throws Exception {
    String overlappingAndUnknownZone = VALID
        .replace("Europe/Berlin", "Europe/Atlantis")
        .replace("\"opens\": \"14:00\"", "\"opens\": \"12:00\"");

    mvc.perform(put("/api/admin/channels/{id}/lifecycle-settings", channelId).with(user("admin").roles("ADMIN"))
            .contentType(MediaType.APPLICATION_JSON).content(overlappingAndUnknownZone))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("IANA time zone")))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("must not overlap")));
    assertThat(settings.find(channelId)).isEmpty();
  }

  /** Problems name the fields the caller sends and must fill, not the checks behind them. */
  @Test
  void aMissingTextIsNamedByTheFieldToFill() throws Exception {
    String body = """
        {
          "automaticActions": {"newMessageAction": "SEND_TEXT", "noAnswerAction": "SEND_TEXT"},
          "kpi": {"firstResponseLimit": "PT5M", "notifications": {"FIRST_RESPONSE": {"enabled": true}}}
        }
        """;

    mvc.perform(put("/api/admin/channels/{id}/lifecycle-settings", channelId).with(user("admin").roles("ADMIN"))
            .contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors.length()").value(4))
        .andExpect(jsonPath("$.errors[0]").value(org.hamcrest.Matchers.startsWith("automaticActions.newMessageReply: ")))
        .andExpect(jsonPath("$.errors[1]").value(org.hamcrest.Matchers.startsWith("automaticActions.noAnswerReply: ")))
        .andExpect(jsonPath("$.errors[2]").value(org.hamcrest.Matchers.startsWith("kpi.notifications.FIRST_RESPONSE.recipients: ")))
        .andExpect(jsonPath("$.errors[3]").value(org.hamcrest.Matchers.startsWith("kpi.notifications.FIRST_RESPONSE.text: ")));
    assertThat(settings.find(channelId)).isEmpty();
  }

  /** A channel never configured runs with every part switched off, and says so; an unknown channel is a 404 naming it. */
  @Test
  void aChannelNeverConfiguredShowsItsPartsSwitchedOffAndAnUnknownChannelIsAProblem() throws Exception {
    String neverConfigured = "channel-" + UUID.randomUUID();
    String operator = "op-" + UUID.randomUUID().toString().substring(0, 8);
    mvc.perform(post("/api/admin/operators").with(user("admin").roles("ADMIN")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"id\": \"%s\", \"name\": \"Olga\"}".formatted(operator)))
        .andExpect(status().isCreated());
    mvc.perform(post("/api/admin/channels").with(user("admin").roles("ADMIN")).contentType(MediaType.APPLICATION_JSON)
            .content("""
                {"id": "%s", "name": "Never configured", "timeZone": "UTC",
                 "queue": {"entries": [{"kind": "OPERATOR", "id": "%s"}], "mode": "STRICT", "idleTime": "PT5M",
                           "limitExclusion": "CLOSED", "checkAvailability": true}}
                """.formatted(neverConfigured, operator)))
        .andExpect(status().isCreated());

    mvc.perform(get("/api/admin/channels/{id}/lifecycle-settings", neverConfigured).with(user("admin").roles("ADMIN")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.workingHours").value(org.hamcrest.Matchers.nullValue()))
        .andExpect(jsonPath("$.automaticActions").value(org.hamcrest.Matchers.nullValue()))
        .andExpect(jsonPath("$.kpi").value(org.hamcrest.Matchers.nullValue()))
        .andExpect(jsonPath("$.conversationTimeout").value(org.hamcrest.Matchers.nullValue()));

    String unknown = "no-such-channel-" + UUID.randomUUID();
    mvc.perform(get("/api/admin/channels/{id}/lifecycle-settings", unknown).with(user("admin").roles("ADMIN")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(unknown)));
    mvc.perform(put("/api/admin/channels/{id}/lifecycle-settings", unknown).with(user("admin").roles("ADMIN"))
            .contentType(MediaType.APPLICATION_JSON).content(VALID))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(unknown)));
    assertThat(settings.find(unknown)).as("nothing saved for a channel that does not exist").isEmpty();
  }

  @Test
  void settingsNeedAnAuthenticatedUser() throws Exception {
    mvc.perform(put("/api/admin/channels/{id}/lifecycle-settings", channelId).contentType(MediaType.APPLICATION_JSON).content(VALID))
        .andExpect(status().isUnauthorized());
    assertThat(settings.find(channelId)).isEmpty();
  }
}
