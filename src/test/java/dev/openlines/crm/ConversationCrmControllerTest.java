package dev.openlines.crm;

import static dev.openlines.crm.ChatTrackerTest.unique;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.conversation.Conversation;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.OfferRequest;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.time.Clock;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
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
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ApiKeyService apiKeys;
  MockMvc http;

  @BeforeEach
  void setUp() {
    http = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
  }

  /** A conversation of a fresh channel, offered to and answered by a fresh operator; returns the operator's id. */
  String heldConversation(String conversation) {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String operator = fx.operator("operator-8");
    String channel = fx.channel("crm", DistributionMode.STRICT, 5, operator);
    mongo.insert(new Conversation(conversation, channel, "telegram", "client-" + conversation, clock.instant()));
    routing.offer("attempt-" + conversation, new OfferRequest(conversation, channel, null, null));
    routing.answer(conversation, operator);
    return operator;
  }

  RequestPostProcessor key(String operatorId) {
    String key = new ApiTokens(apiKeys).operator(operatorId);
    return request -> {
      request.addHeader("Authorization", "Bearer " + key);
      return request;
    };
  }

  @Test
  void theOperatorSeesTheCardCreatesTheLeadOnceAndSavesTheLog() throws Exception {
    String conversation = unique("conversation");
    String operatorId = heldConversation(conversation);
    tracker.identify(conversation, "telegram", unique("tg"), "Kate", null, "KATE-" + conversation + "@example.com");
    TranscriptMessages.store(messageStore, mongo, conversation, clock.instant(), "client", "Price?");
    var operator = key(operatorId);

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
            .andExpect(jsonPath("$.responsibleOperatorId").value(operatorId))
            .andReturn().getResponse().getContentAsString();
    String leadId = com.jayway.jsonpath.JsonPath.read(leadJson, "$.id");
    http.perform(post("/api/conversations/{id}/crm/lead", conversation).with(operator))
        .andExpect(jsonPath("$.id").value(leadId));

    http.perform(post("/api/conversations/{id}/crm/log", conversation).with(operator))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.messages").value(1))
        .andExpect(jsonPath("$.operatorId").value(operatorId));

    http.perform(get("/api/conversations/{id}/crm", conversation).with(operator))
        .andExpect(jsonPath("$.lead.id").value(leadId))
        .andExpect(jsonPath("$.savedLogs[0].conversationId").value(conversation));
  }

  @Test
  void aConversationWithoutContactIsAProblemThatSaysWhatToDo() throws Exception {
    String conversation = unique("conversation");
    String operatorId = heldConversation(conversation);
    http.perform(post("/api/conversations/{id}/crm/lead", conversation).with(key(operatorId)))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.detail", containsString("identify the client first")));
  }

  @Test
  void anOperatorWhoNeitherHoldsNorWasOfferedTheConversationGetsNothing() throws Exception {
    String conversation = unique("conversation");
    heldConversation(conversation);
    tracker.identify(conversation, "telegram", unique("tg"), "Kate", null, "kate-" + conversation + "@example.com");
    String stranger = new RoutingFixtures(channels, operators, mongo).operator("stranger");

    http.perform(get("/api/conversations/{id}/crm", conversation).with(key(stranger))).andExpect(status().isForbidden());
    http.perform(post("/api/conversations/{id}/crm/lead", conversation).with(key(stranger))).andExpect(status().isForbidden());
    http.perform(post("/api/conversations/{id}/crm/log", conversation).with(key(stranger))).andExpect(status().isForbidden());
    org.assertj.core.api.Assertions.assertThat(
        mongo.exists(org.springframework.data.mongodb.core.query.Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("responsibleOperatorId").is(stranger)), Lead.class)).isFalse();
  }

  @Test
  void theCardNeedsAuthentication() throws Exception {
    http.perform(get("/api/conversations/{id}/crm", "any")).andExpect(status().isUnauthorized());
  }
}
