package dev.openlines.crm;

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
import dev.openlines.testing.TestMessenger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The channel's lead source on its leads, and the operator's manual lead carrying the messages at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeadSourceAndManualLeadApiTest {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Autowired TestRestTemplate http;
  @Autowired ClientConversations clients;
  @Autowired MongoTemplate mongo;
  @Autowired ApiKeyService apiKeys;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  Map<String, Object> channel(String id, String leadCreation, String leadSource) {
    Map<String, Object> crm = new HashMap<>();
    crm.put("leadCreation", leadCreation);
    crm.put("routeToResponsible", true);
    crm.put("leadSource", leadSource);
    return Map.of("id", id, "name", "Leads " + id, "timeZone", "UTC", "queue", AdminApi.queue(prefix + "-nobody", "PT5M"), "crm", crm);
  }

  Started clientWithPhone(String channelId) {
    return clients.start(channelId, new ClientProfile("Hana", "+49" + System.nanoTime(), null, null));
  }

  Lead leadOf(Started c) {
    return await().atMost(WAIT).until(() -> mongo.findOne(query(where("conversationId").is(c.conversationId())), Lead.class),
        lead -> lead != null);
  }

  @Test
  void aLeadCarriesTheChannelsLeadSourceAndWithoutOneTheConnectorType() {
    String id = "source-" + prefix;
    new AdminApi(http).createChannel(channel(id, "LEAD", "Website chat"));
    assertThat(leadOf(clientWithPhone(id)).source()).isEqualTo("Website chat");

    Map<String, Object> withoutSource = new HashMap<>(channel(id, "LEAD", null));
    withoutSource.remove("id");
    ResponseEntity<String> saved = http.exchange("/api/admin/channels/{id}", HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, withoutSource),
        String.class, id);
    assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
    await().atMost(WAIT).untilAsserted(() -> assertThat(leadOf(clientWithPhone(id)).source()).isEqualTo(TestMessenger.TYPE));
  }

  @Test
  void aLeadSourceOver100CharactersIsRefused() {
    ResponseEntity<String> refused = http.exchange("/api/admin/channels", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, channel("long-source-" + prefix, "LEAD", "x".repeat(101))), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).contains("lead source is at most 100 characters");
  }

  @Test
  void aLeadTheOperatorCreatesByHandCarriesTheMessagesSoFarAtOnce() {
    String anna = prefix + "-anna";
    operators.create(new Operator(anna, "Anna", Set.of()));
    operators.changePresence(anna, Presence.ONLINE);
    String id = "manual-" + prefix;
    Map<String, Object> manual = new HashMap<>(channel(id, "MANUAL", "Phone line"));
    manual.put("queue", AdminApi.queue(anna, "PT1H"));
    new AdminApi(http).createChannel(manual);
    Started c = clientWithPhone(id);
    clients.write(c, "My parcel 1042 is late");
    await().atMost(WAIT).until(() -> mongo.exists(query(where("_id").is(c.conversationId())), ConversationCard.class));
    await().atMost(WAIT).until(() -> routing.offers(c.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(anna)));
    String annaKey = new ApiTokens(apiKeys).operator(anna);
    http.exchange("/api/conversations/{id}/answer", HttpMethod.POST, ApiTokens.request(annaKey), String.class, c.conversationId());

    ResponseEntity<Lead> created = http.exchange("/api/conversations/{id}/crm/lead", HttpMethod.POST,
        ApiTokens.request(annaKey), Lead.class, c.conversationId());

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(created.getBody().source()).isEqualTo("Phone line");
    ConversationLog log = mongo.findById(c.conversationId(), ConversationLog.class);
    assertThat(log).isNotNull();
    assertThat(log.leadId()).isEqualTo(created.getBody().id());
    assertThat(log.lines()).extracting(TranscriptLine::text).contains("Hello, I have a question", "My parcel 1042 is late");
  }

  /**
   * The "create lead" button gives the lead the responsible person an automatic lead would get: with the chat
   * tracker on the client's responsible person, with it off the conversation's operator (the client counts as
   * new), not the responsible person remembered from an earlier conversation.
   */
  @Test
  void aLeadCreatedByHandBelongsToTheClientsResponsiblePersonAndWithTheTrackerOffToTheConversationsOperator() {
    String anna = prefix + "-anna";
    String ben = prefix + "-ben";
    for (String operator : Set.of(anna, ben)) {
      operators.create(new Operator(operator, operator, Set.of()));
      operators.changePresence(operator, Presence.ONLINE);
    }
    String phone = "+49" + System.nanoTime();
    String id = "manual-tracker-" + prefix;
    AdminApi admin = new AdminApi(http);
    admin.createChannel(manualChannel(id, anna, true));

    // Anna answers Hana first and becomes her responsible person.
    Started first = clients.start(id, new ClientProfile("Hana", phone, null, null));
    answer(anna, first);
    String contactId = await().atMost(WAIT).until(
        () -> mongo.findById(first.conversationId(), ConversationCard.class), card -> card != null).contactId();
    await().atMost(WAIT).until(() -> anna.equals(mongo.findById(contactId, Contact.class).responsibleOperatorId()));

    // Tracker on: Ben answers her next conversation, his lead is Anna's, the client's responsible person.
    putChannel(id, manualChannel(id, ben, true));
    Started tracked = clients.start(id, new ClientProfile("Hana", phone, null, null));
    answer(ben, tracked);
    assertThat(createLead(ben, tracked).responsibleOperatorId()).isEqualTo(anna);

    // Tracker off: Hana counts as new, the lead Ben creates is his, as an automatic lead would be.
    putChannel(id, manualChannel(id, ben, false));
    Started untracked = clients.start(id, new ClientProfile("Hana", phone, null, null));
    answer(ben, untracked);
    assertThat(mongo.findById(untracked.conversationId(), ConversationCard.class).contactId()).isEqualTo(contactId);
    assertThat(createLead(ben, untracked).responsibleOperatorId()).isEqualTo(ben);
    assertThat(mongo.findById(contactId, Contact.class).responsibleOperatorId()).as("the client's responsible person stays").isEqualTo(anna);
  }

  Map<String, Object> manualChannel(String id, String operatorId, boolean chatTracker) {
    Map<String, Object> crm = new HashMap<>();
    crm.put("leadCreation", "MANUAL");
    crm.put("routeToResponsible", false);
    crm.put("chatTracker", chatTracker);
    return new HashMap<>(Map.of("id", id, "name", "Manual " + id, "timeZone", "UTC", "queue", AdminApi.queue(operatorId, "PT1H"), "crm", crm));
  }

  void putChannel(String id, Map<String, Object> request) {
    request.remove("id");
    ResponseEntity<String> saved = http.exchange("/api/admin/channels/{id}", HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, request),
        String.class, id);
    assertThat(saved.getStatusCode()).as("%s", saved.getBody()).isEqualTo(HttpStatus.OK);
  }

  void answer(String operatorId, Started c) {
    await().atMost(WAIT).until(() -> mongo.exists(query(where("_id").is(c.conversationId())), ConversationCard.class));
    await().atMost(WAIT).until(() -> routing.offers(c.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(operatorId)));
    ResponseEntity<String> answered = http.exchange("/api/conversations/{id}/answer", HttpMethod.POST,
        ApiTokens.request(new ApiTokens(apiKeys).operator(operatorId)), String.class, c.conversationId());
    assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  Lead createLead(String operatorId, Started c) {
    ResponseEntity<Lead> created = http.exchange("/api/conversations/{id}/crm/lead", HttpMethod.POST,
        ApiTokens.request(new ApiTokens(apiKeys).operator(operatorId)), Lead.class, c.conversationId());
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.OK);
    return created.getBody();
  }
}
