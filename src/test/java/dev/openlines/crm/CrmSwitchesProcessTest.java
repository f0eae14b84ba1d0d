package dev.openlines.crm;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The channel's CRM switches change the start of bpmn/conversation.bpmn: "Check the client in the CRM?"
 * ({@code crm.checkClient}) and the chat tracker ({@code crm.chatTracker}) that recognises a returning client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrmSwitchesProcessTest {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Autowired ZeebeTestEngine engine;
  @Autowired TestRestTemplate http;
  @Autowired ClientConversations clients;
  @Autowired MongoTemplate mongo;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ApiKeyService apiKeys;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);
  final String phone = "+49" + System.nanoTime();

  Map<String, Object> channel(String id, String operatorId, Boolean checkClient, Boolean chatTracker) {
    Map<String, Object> crm = new HashMap<>();
    crm.put("leadCreation", "LEAD");
    crm.put("routeToResponsible", true);
    crm.put("checkClient", checkClient);
    crm.put("chatTracker", chatTracker);
    Map<String, Object> request = new HashMap<>(Map.of("name", "CRM " + id, "timeZone", "UTC",
        "queue", AdminApi.queue(operatorId, "PT1H"), "crm", crm));
    request.put("id", id);
    return request;
  }

  void putChannel(String id, Map<String, Object> request) {
    request.remove("id");
    ResponseEntity<String> saved = http.exchange("/api/admin/channels/{id}", HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, request),
        String.class, id);
    assertThat(saved.getStatusCode()).as("%s", saved.getBody()).isEqualTo(HttpStatus.OK);
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  Started hana(String channelId) {
    return clients.start(channelId, new ClientProfile("Hana", phone, null, null));
  }

  @Test
  void withTheCrmCheckOffNoContactLeadOrCardIsMadeAndTheConversationGoesOn() {
    String id = "nocrm-" + prefix;
    new AdminApi(http).createChannel(channel(id, prefix + "-nobody", false, null));

    Started c = hana(id);
    eventually(c, p -> p.hasPassedElementsInOrder("crm-check-on", "crm-done").hasNotPassedElement("identify-client")
        .hasNotPassedElement("create-lead").isWaitingAtElements("operator-available"));
    assertThat(mongo.exists(query(where("_id").is(c.conversationId())), ConversationCard.class)).isFalse();
    assertThat(mongo.exists(query(where("conversationId").is(c.conversationId())), Lead.class)).isFalse();

    putChannel(id, channel(id, prefix + "-nobody", true, null));
    Started checked = hana(id);
    eventually(checked, p -> p.hasPassedElementsInOrder("crm-check-on", "identify-client", "decide-lead"));
    await().atMost(WAIT).until(() -> mongo.exists(query(where("_id").is(checked.conversationId())), ConversationCard.class));
  }

  @Test
  void theChatTrackerRecognisesAReturningClientAndSwitchedOffTreatsThemAsNew() {
    String anna = prefix + "-anna";
    operators.create(new Operator(anna, "Anna", Set.of()));
    operators.changePresence(anna, Presence.ONLINE);
    String id = "tracker-" + prefix;
    new AdminApi(http).createChannel(channel(id, anna, null, true));

    // First conversation: Anna answers and becomes Hana's responsible person.
    Started first = hana(id);
    await().atMost(WAIT).until(() -> routing.offers(first.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(anna)));
    ResponseEntity<String> answered = http.exchange("/api/conversations/{id}/answer", HttpMethod.POST,
        ApiTokens.request(new ApiTokens(apiKeys).operator(anna)), String.class, first.conversationId());
    assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    eventually(first, p -> p.hasPassedElement("make-responsible"));

    // Hana writes again from another chat with the same phone: recognised, responsible Anna.
    Started again = hana(id);
    eventually(again, p -> p.hasPassedElement("identify-client"));
    assertThat(variable(engine, again.key(), Workflow.Variable.CLIENT_RECOGNISED)).contains(true);
    assertThat(variable(engine, again.key(), Workflow.Variable.RESPONSIBLE_OPERATOR_ID)).contains(anna);

    // The chat tracker switched off: the same client counts as new.
    putChannel(id, channel(id, anna, null, false));
    Started untracked = hana(id);
    eventually(untracked, p -> p.hasPassedElement("identify-client"));
    assertThat(variable(engine, untracked.key(), Workflow.Variable.CLIENT_RECOGNISED)).contains(false);
    assertThat(variable(engine, untracked.key(), Workflow.Variable.RESPONSIBLE_OPERATOR_ID)).isEmpty();
  }

  /** docs/configuration.md: with the tracker off the client counts as new, so their lead is the answering operator's. */
  @Test
  void withTheChatTrackerOffTheLeadOfAKnownClientBelongsToWhoeverAnswers() {
    String anna = prefix + "-anna";
    String ben = prefix + "-ben";
    for (String operator : Set.of(anna, ben)) {
      operators.create(new Operator(operator, operator, Set.of()));
      operators.changePresence(operator, Presence.ONLINE);
    }
    String id = "tracker-lead-" + prefix;
    new AdminApi(http).createChannel(channel(id, anna, null, true));
    Started first = hana(id);
    answer(anna, first);
    eventually(first, p -> p.hasPassedElement("make-responsible"));

    putChannel(id, channel(id, ben, null, false));
    Started untracked = hana(id);
    eventually(untracked, p -> p.hasPassedElement("create-lead"));
    Lead created = leadOf(untracked);
    assertThat(created.responsibleOperatorId()).isNull();

    answer(ben, untracked);
    eventually(untracked, p -> p.hasPassedElement("make-responsible"));
    assertThat(leadOf(untracked).responsibleOperatorId()).isEqualTo(ben);
    assertThat(mongo.findById(created.contactId(), Contact.class).responsibleOperatorId()).isEqualTo(anna);
  }

  void answer(String operatorId, Started c) {
    await().atMost(WAIT).until(() -> routing.offers(c.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(operatorId)));
    ResponseEntity<String> answered = http.exchange("/api/conversations/{id}/answer", HttpMethod.POST,
        ApiTokens.request(new ApiTokens(apiKeys).operator(operatorId)), String.class, c.conversationId());
    assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  Lead leadOf(Started c) {
    return mongo.findOne(query(where("conversationId").is(c.conversationId())), Lead.class);
  }
}
