package dev.openlines.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.openlines.channel.KpiLimit;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SupervisorNotificationApiTest {

  @Autowired WebApplicationContext context;
  @Autowired SupervisorNotificationStore store;
  @Autowired Clock clock;
  MockMvc mvc;
  String supervisor;
  String notificationId;

  @BeforeEach
  void setUp() {
    mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    supervisor = "sup-" + UUID.randomUUID();
    notificationId = "n-" + UUID.randomUUID();
    store.storeOnce(new SupervisorNotification(notificationId, supervisor, "conv-1", "anna", KpiLimit.FIRST_RESPONSE,
        "anna has not answered conv-1 in time", clock.instant(), null));
  }

  @Test
  void aSupervisorSeesOnlyTheirOwnInbox() throws Exception {
    mvc.perform(get("/api/supervisor/notifications").with(user(supervisor).roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(1))
        .andExpect(jsonPath("$[0].text").value("anna has not answered conv-1 in time"));
    mvc.perform(get("/api/supervisor/notifications").with(user("someone-else-" + UUID.randomUUID()).roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(0));
  }

  @Test
  void anOperatorCannotReadSupervisorNotifications() throws Exception {
    mvc.perform(get("/api/supervisor/notifications").with(user(supervisor).roles("OPERATOR")))
        .andExpect(status().isForbidden());
  }

  @Test
  void markingReadWorksOnceAndOnlyForTheRecipient() throws Exception {
    mvc.perform(post("/api/supervisor/notifications/{id}/read", notificationId).with(user("intruder").roles("SUPERVISOR")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("No unread notification")));
    mvc.perform(post("/api/supervisor/notifications/{id}/read", notificationId).with(user(supervisor).roles("SUPERVISOR")))
        .andExpect(status().isNoContent());
    mvc.perform(post("/api/supervisor/notifications/{id}/read", notificationId).with(user(supervisor).roles("SUPERVISOR")))
        .andExpect(status().isNotFound());
    assertThat(store.inbox(supervisor)).singleElement().satisfies(n -> assertThat(n.readAt()).isNotNull());
  }

  @Test
  void theInboxNeedsAnAuthenticatedUser() throws Exception {
    mvc.perform(get("/api/supervisor/notifications")).andExpect(status().isUnauthorized());
  }
}
