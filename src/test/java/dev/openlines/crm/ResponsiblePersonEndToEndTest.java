package dev.openlines.crm;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.CrmSettings;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LeadCreationMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.StrandedOfferPasses;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The CRM-responsible person end to end, from plain live-chat messages and operator actions over HTTP:
 * the operator who answers becomes responsible, the channel's "route to the responsible person" sends the
 * client's next conversation to them first, and "change responsible on transfer" decides whether a transfer
 * moves it. Seeds only admin configuration (channel, operators, live-chat connector).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResponsiblePersonEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ResponsiblePersonService responsiblePersons;
  @Autowired CrmPort crm;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;
  @Autowired StrandedOfferPasses strandedOffers;

  RoutingFixtures fx;
  String anna;
  String rita;
  String channel;
  Map<String, String> keys = new HashMap<>();

  @BeforeEach
  void operators() {
    fx = new RoutingFixtures(channels, operators, mongo);
    anna = fx.operator("anna");
    rita = fx.operator("rita");
    ApiTokens tokens = new ApiTokens(apiKeys);
    keys.put(anna, tokens.operator(anna));
    keys.put(rita, tokens.operator(rita));
  }

  /** A live chat whose STRICT queue is anna, then rita, two chats each. */
  String liveChat(String name, CrmSettings crmSettings) {
    channel = fx.channel(name, DistributionMode.STRICT, 2, anna, rita);
    OpenChannel settings = channels.get(channel);
    settings.setCrm(crmSettings);
    channels.save(settings);
    return connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false))).id();
  }

  @SuppressWarnings("unchecked")
  String visitorStarts(String connectorId, Map<String, String> details) {
    Map<String, Object> chat = http.postForEntity("/livechat/" + connectorId + "/chats", details, Map.class).getBody();
    return (String) chat.get("token");
  }

  /** The visitor writes; the id of the conversation the message went to. */
  @SuppressWarnings("unchecked")
  String visitorWrites(String token, String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    ResponseEntity<Map> accepted = http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text), headers), Map.class);
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    return (String) accepted.getBody().get("conversationId");
  }

  void operatorDoes(String operatorId, String conversationId, String action, Object body) {
    ResponseEntity<String> response = http.exchange("/api/conversations/" + conversationId + "/" + action, HttpMethod.POST,
        new HttpEntity<>(body, ApiTokens.bearer(keys.get(operatorId))), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(action + ": " + response.getBody()).isTrue();
  }

  List<String> openOffers(String conversationId) {
    return routing.offers(conversationId).stream().filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId).toList();
  }

  void awaitOfferedTo(String conversationId, String operatorId) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(openOffers(conversationId)).containsExactly(operatorId));
  }

  long processOf(String conversationId) {
    return await().atMost(WAIT)
        .until(() -> conversations.findById(conversationId).map(Conversation::getProcessInstanceKey).orElse(null), Objects::nonNull);
  }

  /** The visitor's first conversation: anna (first in the queue) passes, rita answers and closes it. */
  String firstConversationAnsweredByRita(String token) {
    String first = visitorWrites(token, "Hello, my order is late");
    awaitOfferedTo(first, anna);
    operatorDoes(anna, first, "skip", null);
    awaitOfferedTo(first, rita);
    operatorDoes(rita, first, "answer", null);
    long key = processOf(first);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key)
        .hasPassedElementsInOrder("operator-found-join", "make-responsible", "operator-found", "mark-in-progress"));
    operatorDoes(rita, first, "close", null);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key).isCompleted());
    assertThat(conversations.findById(first).orElseThrow().getStatus()).isEqualTo(ConversationStatus.CLOSED);
    return first;
  }

  @Test
  void aReturningLiveChatVisitorIsOfferedToTheOperatorWhoAnsweredThemBeforeAheadOfTheQueue() {
    String connector = liveChat("responsible", new CrmSettings(LeadCreationMode.OFF, true, false));
    String token = visitorStarts(connector, Map.of());
    String first = firstConversationAnsweredByRita(token);
    assertThat(responsiblePersons.responsibleFor(first)).contains(rita);

    // The same visitor (the widget keeps its chat) writes a plain message: anna is free and first in the queue.
    String second = visitorWrites(token, "Hello again");
    assertThat(second).isNotEqualTo(first);
    awaitOfferedTo(second, rita);
    long key = processOf(second);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key)
        .hasVariableWithValue("clientRecognised", true)
        .hasVariableWithValue("responsibleOperatorId", rita)
        .hasVariableWithValue("responsibleOnline", true)
        .hasVariableWithValue("routeToResponsible", true)
        .isWaitingAtElements("wait-for-one"));
    assertThat(fx.load(anna, channel)).as("anna had a free slot").isZero();
  }

  @Test
  void anOfferToTheResponsibleOperatorOutsideTheQueueStaysWhenTheAdminSavesThem() {
    String token = visitorWhomRitaAnswered("responsible-outside");
    adminSavesQueue(List.of(Map.of("kind", "OPERATOR", "id", anna)));

    String second = visitorWrites(token, "Hello again");
    awaitOfferedTo(second, rita);
    ResponseEntity<String> saved = http.exchange("/api/admin/operators/" + rita, HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("name", "Rita Moreno")), String.class);
    assertThat(saved.getStatusCode().value()).isEqualTo(200);

    // Offers leave an operator taken off the line while the save is answered, so this is checked right after it.
    assertThat(openOffers(second)).containsExactly(rita);
  }

  @Test
  void anOfferToTheResponsibleOperatorOutsideTheQueueStaysThroughTheReconcilersPass() {
    String token = visitorWhomRitaAnswered("responsible-stays");
    adminSavesQueue(List.of(Map.of("kind", "OPERATOR", "id", anna)));

    String second = visitorWrites(token, "Hello again");
    awaitOfferedTo(second, rita);
    strandedOffers.runOverEveryOfferMadeUntilNow();

    assertThat(openOffers(second)).containsExactly(rita);
  }

  @Test
  void theResponsibleOperatorTakenOutOfTheQueueKeepsTheOfferMadeToThemAheadOfIt() {
    String token = visitorWhomRitaAnswered("responsible-removed");

    String second = visitorWrites(token, "Hello again");
    awaitOfferedTo(second, rita);
    adminSavesQueue(List.of(Map.of("kind", "OPERATOR", "id", anna)));
    strandedOffers.runOverEveryOfferMadeUntilNow();

    assertThat(openOffers(second)).containsExactly(rita);
  }

  /** A live-chat visitor of a channel that routes to the responsible person, whose first conversation rita answered; their token. */
  String visitorWhomRitaAnswered(String channelName) {
    String token = visitorStarts(liveChat(channelName, new CrmSettings(LeadCreationMode.OFF, true, false)), Map.of());
    firstConversationAnsweredByRita(token);
    return token;
  }

  /** The admin reads the channel, replaces its queue's entries and saves it back. */
  @SuppressWarnings("unchecked")
  void adminSavesQueue(List<Map<String, String>> entries) {
    Map<String, Object> settings = http.exchange("/api/admin/channels/" + channel, HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN), Map.class).getBody();
    ((Map<String, Object>) settings.get("queue")).put("entries", entries);
    assertThat(http.exchange("/api/admin/channels/" + channel, HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, settings),
        String.class).getStatusCode().value()).isEqualTo(200);
  }

  @Test
  void withRouteToResponsibleOffTheReturningVisitorGoesToTheQueueAsEveryoneElse() {
    String connector = liveChat("no-responsible", new CrmSettings(LeadCreationMode.OFF, false, false));
    String token = visitorStarts(connector, Map.of());
    String first = firstConversationAnsweredByRita(token);
    assertThat(responsiblePersons.responsibleFor(first)).contains(rita);

    String second = visitorWrites(token, "Hello again");
    awaitOfferedTo(second, anna);
  }

  /** anna answers a visitor who left an e-mail (so a lead is created), then transfers the conversation to rita. */
  String answeredByAnnaThenTransferredToRita(boolean changeResponsibleOnTransfer) {
    String connector = liveChat("transfer-" + changeResponsibleOnTransfer,
        new CrmSettings(LeadCreationMode.LEAD, true, changeResponsibleOnTransfer));
    String token = visitorStarts(connector, Map.of("name", "Vera", "email", "vera-" + UUID.randomUUID() + "@example.com"));
    String conversation = visitorWrites(token, "I would like an offer");
    awaitOfferedTo(conversation, anna);
    operatorDoes(anna, conversation, "answer", null);
    long key = processOf(conversation);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key)
        .hasPassedElementsInOrder("create-lead", "make-responsible", "mark-in-progress")
        .isWaitingAtElements("conversation-closed"));
    // The lead created before anyone answered gets the answering operator as its responsible person.
    String leadId = crm.findCard(conversation).orElseThrow().leadId();
    assertThat(crm.findLead(leadId).orElseThrow().responsibleOperatorId()).isEqualTo(anna);

    operatorDoes(anna, conversation, "transfer", Map.of("operatorId", rita));
    awaitOfferedTo(conversation, rita);
    operatorDoes(rita, conversation, "answer", null);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key)
        .hasPassedElement("make-responsible", 2)
        .isWaitingAtElements("conversation-closed"));
    return conversation;
  }

  @Test
  void withChangeOnTransferOffTheFirstOperatorStaysResponsible() {
    String conversation = answeredByAnnaThenTransferredToRita(false);
    // The model decides (the gateway on the channel's setting), not the transfer worker.
    long key = processOf(conversation);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key)
        .hasVariableWithValue("changeResponsibleOnTransfer", false)
        .hasPassedElement("responsibility-decided", 1)
        .hasNotPassedElement("make-new-operator-responsible"));
    assertThat(responsiblePersons.responsibleFor(conversation)).contains(anna);
    String leadId = crm.findCard(conversation).orElseThrow().leadId();
    assertThat(crm.findLead(leadId).orElseThrow().responsibleOperatorId()).isEqualTo(anna);
  }

  @Test
  void withChangeOnTransferOnTheTransferMovesResponsibility() {
    String conversation = answeredByAnnaThenTransferredToRita(true);
    long key = processOf(conversation);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key)
        .hasVariableWithValue("changeResponsibleOnTransfer", true)
        .hasPassedElementsInOrder("mark-transferred", "make-new-operator-responsible", "responsibility-decided"));
    assertThat(responsiblePersons.responsibleFor(conversation)).contains(rita);
    String leadId = crm.findCard(conversation).orElseThrow().leadId();
    assertThat(crm.findLead(leadId).orElseThrow().responsibleOperatorId()).isEqualTo(rita);
  }
}
