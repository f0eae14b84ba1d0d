package dev.openlines.crm;

import static dev.openlines.crm.ChatTrackerTest.unique;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** MockMvc built by hand (no @AutoConfigureMockMvc), so this class shares the one test context and engine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationCrmControllerTest {

  @Autowired WebApplicationContext context;
  @Autowired ChatTracker tracker;
  @Autowired MongoTemplate mongo;
  @Autowired dev.openlines.conversation.ConversationMessageStore messageStore;
  @Autowired Clock clock;
  MockMvc http;

  @BeforeEach
  void setUp() {
    http = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
  }

  @Test
  void theOperatorSeesTheCardCreatesTheLeadOnceAndSavesTheLog() throws Exception {
    String conversation = unique("conversation");
    tracker.identify(conversation, "telegram", unique("tg"), "Kate", null, "KATE-" + conversation + "@example.com");
    TranscriptMessages.store(messageStore, mongo, conversation, clock.instant(), "client", "Price?");
    var operator = user("operator-8").roles("OPERATOR");

    http.perform(get("/api/conversations/{id}/crm", conversation).with(operator))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.contact.name").value("Kate"))
        .andExpect(jsonPath("$.contact.emails[0]").value(("kate-" + conversation + "@example.com").toLowerCase()))
        .andExpect(jsonPath("$.lead").isEmpty())
        .andExpect(jsonPath("$.conversationIds[0]").value(conversation));

    String leadJson =
        http.perform(post("/api/conversations/{id}/crm/lead", conversation).with(operator))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.source").value("telegram"))
            .andExpect(jsonPath("$.responsibleOperatorId").value("operator-8"))
            .andReturn().getResponse().getContentAsString();
    String leadId = com.jayway.jsonpath.JsonPath.read(leadJson, "$.id");
    http.perform(post("/api/conversations/{id}/crm/lead", conversation).with(operator))
        .andExpect(jsonPath("$.id").value(leadId));

    http.perform(post("/api/conversations/{id}/crm/log", conversation).with(operator))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.messages").value(1))
        .andExpect(jsonPath("$.operatorId").value("operator-8"));

    http.perform(get("/api/conversations/{id}/crm", conversation).with(operator))
        .andExpect(jsonPath("$.lead.id").value(leadId))
        .andExpect(jsonPath("$.savedLogs[0].conversationId").value(conversation));
  }

  @Test
  void aConversationWithoutContactIsAProblemThatSaysWhatToDo() throws Exception {
    http.perform(post("/api/conversations/{id}/crm/lead", "nowhere").with(user("operator-8").roles("OPERATOR")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.detail", containsString("identify the client first")));
  }

  @Test
  void theCardNeedsAuthentication() throws Exception {
    http.perform(get("/api/conversations/{id}/crm", "any")).andExpect(status().isUnauthorized());
  }
}
