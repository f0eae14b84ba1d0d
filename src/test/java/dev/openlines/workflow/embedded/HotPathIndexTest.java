package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.InsertManyOptions;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.workflow.embedded.store.StoreStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * No store query of a conversation's hot path (visitor message -> offer -> answer -> reply ->
 * close, all through HTTP) reads documents it does not return: with thousands of unrelated
 * conversations, messages, offers and sessions stored, every query shape the path issues examines
 * about as many documents as it returns. A query no index serves fails this test with its shape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HotPathIndexTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  /** Copies of every document of one conversation's life, under other ids. */
  static final int UNRELATED_COPIES = 1_500;

  @Autowired TestRestTemplate http;
  @Autowired EmbeddedRuntime runtime;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;

  record Line(String channel, String connectorId, String operator, String operatorToken) {}

  Line line(String name) {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String operator = fx.operator(name);
    String channel = fx.channel(name + "-" + UUID.randomUUID().toString().substring(0, 6), DistributionMode.STRICT, 2, operator);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel,
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    return new Line(channel, connector.id(), operator, new ApiTokens(apiKeys).operator(operator));
  }

  /** One conversation from the visitor's first message to its close, every step through HTTP. */
  @SuppressWarnings("unchecked")
  String conversation(Line line) {
    Map<String, Object> chat = http.postForEntity("/livechat/" + line.connectorId() + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    HttpHeaders visitor = new HttpHeaders();
    visitor.setContentType(MediaType.APPLICATION_JSON);
    visitor.set("X-LiveChat-Token", (String) chat.get("token"));
    String messageId = "m-" + UUID.randomUUID();
    assertThat(http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", messageId, "text", "Hello"), visitor), String.class).getStatusCode().value())
        .isEqualTo(202);
    ConversationMessage inbound = ingestion.find(line.connectorId(), (String) chat.get("sessionId"), messageId).orElseThrow();
    String id = inbound.getConversationId();
    await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(id))
        .extracting(Offer::operatorId, Offer::status).contains(org.assertj.core.groups.Tuple.tuple(line.operator(), OfferStatus.OFFERED)));

    assertThat(operatorCall("/api/conversations/" + id + "/answer", line, null)).isEqualTo(204);
    await().atMost(WAIT).until(() -> conversations.findById(id).orElseThrow().getStatus() == ConversationStatus.IN_PROGRESS);
    assertThat(operatorCall("/api/conversations/" + id + "/messages", line, Map.of("text", "How can I help?"))).isLessThan(300);
    assertThat(http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", messageId + "-2", "text", "My parcel"), visitor), String.class).getStatusCode().value())
        .isEqualTo(202);
    assertThat(operatorCall("/api/conversations/" + id + "/close", line, null)).isLessThan(300);
    await().atMost(WAIT).until(() -> conversations.findById(id).orElseThrow().getStatus() == ConversationStatus.CLOSED);
    return id;
  }

  int operatorCall(String path, Line line, Object body) {
    return http.exchange(path, HttpMethod.POST, ApiTokens.request(line.operatorToken(), body), String.class).getStatusCode().value();
  }

  /** Copies every document that mentions the conversation, its channel or its operator, under fresh ids. */
  void storeUnrelatedCopiesOf(String conversationId, Line line) {
    for (String collection : mongo.getCollectionNames()) {
      if (collection.startsWith("system.")) {
        continue;
      }
      List<Document> originals = mongo.getCollection(collection).find().into(new ArrayList<>()).stream()
          .filter(d -> mentions(d, conversationId, line))
          .toList();
      if (originals.isEmpty()) {
        continue;
      }
      List<Document> copies = new ArrayList<>();
      for (int i = 0; i < UNRELATED_COPIES; i++) {
        for (Document original : originals) {
          copies.add(copy(original, conversationId, line, "x" + i));
        }
        if (copies.size() >= 500) {
          insert(collection, copies);
        }
      }
      insert(collection, copies);
    }
  }

  void insert(String collection, List<Document> copies) {
    if (copies.isEmpty()) {
      return;
    }
    try {
      mongo.getCollection(collection).insertMany(copies, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      // A copy that still collides on a unique key is simply not stored: the rest are.
    }
    copies.clear();
  }

  static boolean mentions(Document document, String conversationId, Line line) {
    String json = document.toJson();
    return json.contains(conversationId) || json.contains(line.channel()) || json.contains(line.operator());
  }

  static Document copy(Document original, String conversationId, Line line, String suffix) {
    String json = original.toJson()
        .replace(conversationId, conversationId + suffix)
        .replace(line.channel(), line.channel() + suffix)
        .replace(line.operator(), line.operator() + suffix)
        .replace(line.connectorId(), line.connectorId() + suffix);
    Document copy = Document.parse(json);
    Object id = original.get("_id");
    copy.put("_id", id instanceof ObjectId ? new ObjectId() : id + suffix);
    return copy;
  }

  @Test
  void everyQueryOfAConversationsPathIsServedByAnIndex() {
    Line first = line("hot-seed");
    String seeded = conversation(first);
    storeUnrelatedCopiesOf(seeded, first);
    assertThat(mongo.getCollection(mongo.getCollectionName(dev.openlines.conversation.Conversation.class)).countDocuments())
        .isGreaterThan(UNRELATED_COPIES);

    Line line = line("hot-path");
    StoreStats stats = runtime.storeStats();
    stats.resetShapes();
    conversation(line);

    List<String> scanning = stats.shapes().stream()
        .filter(s -> s.examined() > s.queries() * 20 + s.returned())
        .map(s -> s.shape() + ": " + s.queries() + " queries examined " + s.examined() + " returned " + s.returned())
        .toList();
    assertThat(scanning).as("query shapes that read documents they did not return").isEmpty();
  }

  @Test
  void jobHandlersWriteWithoutWaitingForACommitEach() {
    Line line = line("hot-deferred");
    StoreStats stats = runtime.storeStats();
    long before = stats.deferredWrites();
    conversation(line);
    // Linking the process, recording statuses, the offer's reservation and record, the release: each job's
    // writes are acknowledged at once and made durable by one barrier before the job reports (DurableJobClient).
    assertThat(stats.deferredWrites() - before).isGreaterThanOrEqualTo(10);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theStoresQueryCostsAreReadableOnTheRunningServiceByAdminsOnly() {
    Line line = line("hot-endpoint");
    conversation(line);

    Map<String, Object> body = http.exchange("/actuator/embeddedstore", HttpMethod.GET,
        ApiTokens.request(new ApiTokens(apiKeys).admin()), Map.class).getBody();
    assertThat(body).containsEntry("embedded", true);
    assertThat(((Number) body.get("queries")).longValue()).isPositive();
    List<Map<String, Object>> shapes = (List<Map<String, Object>>) body.get("shapes");
    assertThat(shapes).anySatisfy(shape -> assertThat((String) shape.get("shape")).startsWith("conversations "));
    assertThat(http.getForEntity("/actuator/embeddedstore", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.exchange("/actuator/embeddedstore", HttpMethod.GET,
        ApiTokens.request(line.operatorToken()), String.class).getStatusCode().value()).isEqualTo(403);
  }
}
