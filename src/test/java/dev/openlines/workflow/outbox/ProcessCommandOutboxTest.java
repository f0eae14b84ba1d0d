package dev.openlines.workflow.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The relay moves a sent command in two steps (copy to the delivered collection, remove from the
 * queue). A caller queuing the same command id again can pass its "sent already?" check just before
 * the copy and insert just after the removal. These tests put the relay's move exactly there, on a
 * store of their own (the same mongo-java-server H2 backend the embedded runtime uses).
 */
class ProcessCommandOutboxTest {

  private static final String CONVERSATION = "c-1";

  private MongoServer server;
  private MongoClient client;
  private RelayMovesAfterTheNextCheck mongo;
  private ProcessCommandOutbox outbox;

  @BeforeEach
  void freshStore() {
    server = new MongoServer(H2Backend.inMemory());
    client = MongoClients.create(server.bindAndGetConnectionString());
    mongo = new RelayMovesAfterTheNextCheck(client);
    IngestionProperties properties =
        new IngestionProperties(
            Duration.ofMinutes(1),
            new IngestionProperties.Relay(
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 100, 32),
            new IngestionProperties.Admission(2000, 2000, Duration.ofSeconds(15), 100, Duration.ofSeconds(5), Duration.ofSeconds(1)));
    outbox = new ProcessCommandOutbox(mongo, Clock.systemUTC(), properties);
  }

  @AfterEach
  void closeStore() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void aMessageQueuedAgainWhileTheRelayMovesTheFirstCopyIsNotQueuedASecondTime() {
    outbox.queueMessage("rating:" + CONVERSATION, CONVERSATION, "client-rated", Duration.ofMinutes(1), Map.of("rating", "LIKE"));
    ProcessCommand sent = onlyDue();
    mongo.afterNextDeliveredCheck(() -> outbox.markDelivered(sent));

    outbox.queueMessage("rating:" + CONVERSATION, CONVERSATION, "client-rated", Duration.ofMinutes(1), Map.of("rating", "DISLIKE"));

    assertThat(outbox.depth()).isZero();
    assertThat(outbox.find("rating:" + CONVERSATION).orElseThrow().variables()).containsEntry("rating", "LIKE");
  }

  @Test
  void aStartQueuedAgainWhileTheRelayMovesTheFirstOneBelongsToTheMessageThatWasSent() {
    assertThat(outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", "m-1", Map.of(), false)).isTrue();
    ProcessCommand sent = onlyDue();
    mongo.afterNextDeliveredCheck(() -> outbox.markDelivered(sent));

    boolean secondOwnsTheStart = outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", "m-2", Map.of(), false);

    assertThat(secondOwnsTheStart).isFalse();
    assertThat(outbox.depth()).isZero();
    assertThat(outbox.find(ProcessCommandOutbox.startCommandId(CONVERSATION)).orElseThrow().variables())
        .containsEntry("clientMessageId", "m-1");
  }

  @Test
  void aStartQueuedWithoutTheSentCheckForAConversationJustStoredStillBelongsToTheMessageThatWasSent() {
    // A concurrent message of the client opened the conversation's process first and its start is sent.
    assertThat(outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", "m-1", Map.of(), false)).isTrue();
    outbox.markDelivered(onlyDue());

    boolean secondOwnsTheStart = outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", "m-2", Map.of(), true);

    assertThat(secondOwnsTheStart).isFalse();
    assertThat(outbox.depth()).isZero();
    assertThat(outbox.find(ProcessCommandOutbox.startCommandId(CONVERSATION)).orElseThrow().variables())
        .containsEntry("clientMessageId", "m-1");
  }

  @Test
  void aMessageQueuedAgainAfterItWasSentIsNotQueued() {
    outbox.queueMessage("message:m-1", CONVERSATION, "client-message", Duration.ofMinutes(1), Map.of("text", "Hi"));
    outbox.markDelivered(onlyDue());

    outbox.queueMessage("message:m-1", CONVERSATION, "client-message", Duration.ofMinutes(1), Map.of("text", "Hi"));

    assertThat(outbox.depth()).isZero();
  }

  private ProcessCommand onlyDue() {
    List<ProcessCommand> due = outbox.claimDue(10);
    assertThat(due).hasSize(1);
    return due.get(0);
  }

  /** Runs the relay's move right after the caller's next "was it delivered?" read, before its insert. */
  private static final class RelayMovesAfterTheNextCheck extends MongoTemplate {

    private Runnable move;

    RelayMovesAfterTheNextCheck(MongoClient client) {
      super(client, "outbox-test");
    }

    void afterNextDeliveredCheck(Runnable relayMove) {
      this.move = relayMove;
    }

    @Override
    public boolean exists(Query query, Class<?> entityClass, String collectionName) {
      boolean exists = super.exists(query, entityClass, collectionName);
      moveIfArmed(collectionName);
      return exists;
    }

    @Override
    public <T> T findOne(Query query, Class<T> entityClass, String collectionName) {
      T found = super.findOne(query, entityClass, collectionName);
      moveIfArmed(collectionName);
      return found;
    }

    private void moveIfArmed(String collectionName) {
      if (move != null && "process_outbox_delivered".equals(collectionName)) {
        Runnable relayMove = move;
        move = null;
        relayMove.run();
      }
    }
  }
}
