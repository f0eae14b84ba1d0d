package dev.openlines.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.openlines.testing.TestChannels;
import java.time.Duration;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The channel's conversation timeout is validated on save: off, or 1 minute to 30 days with a text of limited length. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationTimeoutSettingsApiTest {

  @Autowired WebApplicationContext context;
  @Autowired ChannelLifecycleSettingsService settings;
  @Autowired ChannelService channels;
  MockMvc mvc;
  String channelId;

  @BeforeEach
  void setUp() {
    mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    channelId = TestChannels.create(channels);
  }

  ResultActions save(String timeoutJson) throws Exception {
    String body = "{\"automaticActions\": {\"greeting\": \"Hello!\"}, \"conversationTimeout\": " + timeoutJson + "}";
    return mvc.perform(put("/api/admin/channels/{id}/lifecycle-settings", channelId).with(user("admin").roles("ADMIN"))
        .contentType(MediaType.APPLICATION_JSON).content(body));
  }

  @Test
  void aTimeoutWithAnAutoCloseTextIsSavedAndReadBack() throws Exception {
    save("{\"after\": \"PT2H\", \"closingText\": \"We close this chat now.\"}").andExpect(status().isOk());

    assertThat(settings.conversationTimeout(channelId))
        .contains(new ConversationTimeout(Duration.ofHours(2), "We close this chat now."));
    mvc.perform(get("/api/admin/channels/{id}/lifecycle-settings", channelId).with(user("admin").roles("ADMIN")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.conversationTimeout.after").value("PT2H"))
        .andExpect(jsonPath("$.conversationTimeout.closingText").value("We close this chat now."));
  }

  @Test
  void theBoundsOneMinuteAndThirtyDaysAreAcceptedAndLeavingItOutSwitchesItOff() throws Exception {
    save("{\"after\": \"PT1M\"}").andExpect(status().isOk());
    assertThat(settings.conversationTimeout(channelId)).contains(new ConversationTimeout(Duration.ofMinutes(1), null));
    save("{\"after\": \"P30D\", \"closingText\": \"\"}").andExpect(status().isOk());
    assertThat(settings.conversationTimeout(channelId)).contains(new ConversationTimeout(Duration.ofDays(30), ""));
    save("null").andExpect(status().isOk());
    assertThat(settings.conversationTimeout(channelId)).isEmpty();
  }

  @Test
  void aTooShortTimeoutAndATooLongTextAreRejectedWithWhatToFixAndNothingIsSaved() throws Exception {
    save("{\"after\": \"PT30S\", \"closingText\": \"" + "x".repeat(AutomaticActions.MAX_TEXT + 1) + "\"}")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("conversationTimeout.after: the conversation timeout is at least 1 minute")))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("conversationTimeout.closingText: the auto-close text is at most 4000 characters")));
    assertThat(settings.find(channelId)).isEmpty();
  }

  @Test
  void moreThanThirtyDaysOrNoTimeAtAllIsRejected() throws Exception {
    save("{\"after\": \"P30DT1M\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("at most 30 days")));
    save("{\"closingText\": \"Bye\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("leave the timeout out to switch it off")));
    assertThat(settings.find(channelId)).isEmpty();
  }
}
