package dev.openlines.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.repository.support.MongoRepositoryFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The conversation store code on a real MongoDB 7 replica set, the production store. The embedded
 * runtime's MongoDB-wire server cannot prove that; this test needs Docker and is skipped (reported
 * as skipped, not failed) on machines without it.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConversationStoreOnMongoDbTest {

  // MongoDBContainer starts mongod as a one-node replica set, as docker-compose.yml does.
  @Container static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static MongoClient client;
  private static MongoTemplate template;
  private static ConversationRepository conversations;
  private static ConversationStatusService statuses;

  @BeforeAll
  static void connect() {
    client = MongoClients.create(mongo.getReplicaSetUrl("openlines"));
    template = new MongoTemplate(client, "openlines");
    conversations = new MongoRepositoryFactory(template).getRepository(ConversationRepository.class);
    statuses = new ConversationStatusService(template, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void theStoreIsAReplicaSet() {
    Document hello = template.getDb().runCommand(new Document("hello", 1));

    assertThat(hello.getString("setName")).isNotBlank();
    assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
  }

  @Test
  void aSavedConversationIsReadBack() {
    String id = UUID.randomUUID().toString();
    conversations.save(new Conversation(id, "channel-1", "telegram", "client-1", NOW));

    Conversation stored = conversations.findById(id).orElseThrow();

    assertThat(stored.getChannelId()).isEqualTo("channel-1");
    assertThat(stored.getConnectorType()).isEqualTo("telegram");
    assertThat(stored.getStatus()).isEqualTo(ConversationStatus.NEW);
    assertThat(stored.getCreatedAt()).isEqualTo(NOW);
  }

  @Test
  void recordingAStatusUpdatesTheStoredConversationAndIsIdempotent() {
    String id = UUID.randomUUID().toString();
    conversations.save(new Conversation(id, "channel-1", "livechat", "client-2", NOW.minusSeconds(60)));

    assertThat(statuses.recordStatus(id, ConversationStatus.WAITING, 42L)).isTrue();
    assertThat(statuses.recordStatus(id, ConversationStatus.WAITING, 42L)).isTrue();

    Conversation stored = conversations.findById(id).orElseThrow();
    assertThat(stored.getStatus()).isEqualTo(ConversationStatus.WAITING);
    assertThat(stored.getProcessInstanceKey()).isEqualTo(42L);
    assertThat(stored.getUpdatedAt()).isEqualTo(NOW);
  }

  @Test
  void recordingAStatusOfAnUnknownConversationReportsIt() {
    assertThat(statuses.recordStatus("no-such-conversation", ConversationStatus.WAITING, 1L)).isFalse();
  }

  @Test
  void aStaleCopyCannotOverwriteANewerOne() {
    String id = UUID.randomUUID().toString();
    conversations.save(new Conversation(id, "channel-1", "viber", "client-3", NOW));
    Conversation first = conversations.findById(id).orElseThrow();
    Conversation second = conversations.findById(id).orElseThrow();
    conversations.save(first);

    assertThatThrownBy(() -> conversations.save(second)).isInstanceOf(OptimisticLockingFailureException.class);
  }
}
