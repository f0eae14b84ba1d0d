package dev.openlines.workflow.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Queuing is idempotent by command id however it interleaves with the relay's delivery: a command queued
 * again while or after it is sent is not sent twice, and the start of a conversation belongs to the one
 * message that queued it first. On a store of their own (the same mongo-java-server backend kind).
 */
class ProcessCommandOutboxTest {

  private static final String CONVERSATION = "c-1";

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private ProcessCommandOutbox outbox;

  @BeforeEach
  void freshStore() {
    server = new MongoServer(H2Backend.inMemory());
    client = MongoClients.create(server.bindAndGetConnectionString());
    mongo = new MongoTemplate(client, "outbox-test");
    outbox = newOutbox();
  }

  private ProcessCommandOutbox newOutbox() {
    IngestionProperties properties =
        new IngestionProperties(
            Duration.ofMinutes(1),
            new IngestionProperties.Relay(
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 100, 32),
            new IngestionProperties.Admission(2000, 2000, Duration.ofSeconds(15), 100, Duration.ofSeconds(5), Duration.ofSeconds(1)));
    return new ProcessCommandOutbox(mongo, Clock.systemUTC(), properties);
  }

  @AfterEach
  void closeStore() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void aMessageQueuedAgainAfterItWasSentIsNotQueuedAndKeepsWhatWasSent() {
    outbox.queueMessage("rating:" + CONVERSATION, CONVERSATION, "client-rated", Duration.ofMinutes(1), Map.of("rating", "LIKE"));
    outbox.markDelivered(onlyDue());

    outbox.queueMessage("rating:" + CONVERSATION, CONVERSATION, "client-rated", Duration.ofMinutes(1), Map.of("rating", "DISLIKE"));

    assertThat(outbox.depth()).isZero();
    assertThat(outbox.claimDue(10)).isEmpty();
    ProcessCommand kept = outbox.find("rating:" + CONVERSATION).orElseThrow();
    assertThat(kept.variables()).containsEntry("rating", "LIKE");
    assertThat(kept.deliveredAt()).isNotNull();
  }

  @Test
  void aStartQueuedAgainAfterItWasSentBelongsToTheMessageThatWasSent() {
    assertThat(outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", "m-1", Map.of())).isTrue();
    outbox.markDelivered(onlyDue());

    assertThat(outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", "m-2", Map.of())).isFalse();
    assertThat(outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", "m-1", Map.of())).isTrue();

    assertThat(outbox.depth()).isZero();
    assertThat(outbox.find(ProcessCommandOutbox.startCommandId(CONVERSATION)).orElseThrow().variables())
        .containsEntry("clientMessageId", "m-1");
  }

  @Test
  void messagesQueuingTheStartWhileTheRelaySendsItAgreeOnOneOwnerSentOnce() throws Exception {
    int messages = 16;
    ExecutorService callers = Executors.newFixedThreadPool(messages + 1);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> owns = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      String messageId = "m-" + i;
      owns.add(callers.submit(() -> {
        go.await();
        return outbox.queueStartUnlessQueued(CONVERSATION, "clientMessageId", messageId, Map.of());
      }));
    }
    Future<Integer> sent = callers.submit(() -> {
      go.await();
      int delivered = 0;
      for (int pass = 0; pass < 200 && delivered == 0; pass++) {
        for (ProcessCommand command : outbox.claimDue(10)) {
          outbox.markDelivered(command);
          delivered++;
        }
      }
      return delivered;
    });
    go.countDown();

    List<Boolean> answers = new ArrayList<>();
    for (Future<Boolean> answer : owns) {
      answers.add(answer.get(30, TimeUnit.SECONDS));
    }
    int delivered = sent.get(30, TimeUnit.SECONDS) + outbox.claimDue(10).size();
    callers.shutdown();

    assertThat(answers).filteredOn(Boolean::booleanValue).hasSize(1);
    String owner = "m-" + answers.indexOf(true);
    assertThat(outbox.find(ProcessCommandOutbox.startCommandId(CONVERSATION)).orElseThrow().variables())
        .containsEntry("clientMessageId", owner);
    assertThat(delivered).isEqualTo(1);
  }

  @Test
  void aMessageQueuedOrSentSinceAMomentIsSentAgainUnderItsOwnIdOneSentBeforeIsNot() {
    outbox.queueMessage("conversation-closed:r-1", CONVERSATION, "conversation-closed", Duration.ofSeconds(30), Map.of());
    Instant beforeItWasSent = Instant.now().minusSeconds(1);
    assertThat(outbox.sendAgainIfQueuedOrSentSince(CONVERSATION, "conversation-closed", Instant.now().plusSeconds(60)))
        .as("queued").isTrue();

    outbox.markDelivered(onlyDue());

    assertThat(outbox.sendAgainIfQueuedOrSentSince(CONVERSATION, "conversation-closed", Instant.now().plusSeconds(1))).as("sent before").isFalse();
    assertThat(outbox.sendAgainIfQueuedOrSentSince(CONVERSATION, "spam", beforeItWasSent)).as("another message").isFalse();
    assertThat(outbox.sendAgainIfQueuedOrSentSince("c-2", "conversation-closed", beforeItWasSent)).as("another conversation").isFalse();
    assertThat(outbox.sendAgainIfQueuedOrSentSince(CONVERSATION, "conversation-closed", beforeItWasSent)).as("sent since").isTrue();
    assertThat(onlyDue().id()).as("queued again under its own id").isEqualTo("conversation-closed:r-1");
  }

  @Test
  void commandsAnEarlierVersionMovedToTheirOwnCollectionJoinTheQueueMarkedDelivered() {
    Instant sentAt = Instant.parse("2026-12-01T10:00:00Z");
    mongo.insert(legacyCommand("message:m-1", sentAt), EarlierDeliveredCommands.COLLECTION);
    // Copied, then the process crashed before the removal: in both, the queue's copy undelivered.
    mongo.insert(legacyCommand("message:m-2", sentAt), EarlierDeliveredCommands.COLLECTION);
    mongo.insert(legacyCommand("message:m-2", null), ProcessCommandOutbox.COLLECTION);

    ProcessCommandOutbox upgraded = newOutbox();

    assertThat(mongo.collectionExists(EarlierDeliveredCommands.COLLECTION)).isFalse();
    assertThat(upgraded.depth()).isZero();
    assertThat(upgraded.claimDue(10)).isEmpty();
    ProcessCommand merged = upgraded.find("message:m-1").orElseThrow();
    assertThat(merged.deliveredAt()).isEqualTo(sentAt);
    assertThat(merged.variables()).containsEntry("text", "Hi");
    assertThat(merged.messageName()).isEqualTo("client-message");
    assertThat(upgraded.find("message:m-2").orElseThrow().deliveredAt()).isEqualTo(sentAt);

    upgraded.queueMessage("message:m-1", CONVERSATION, "client-message", Duration.ofMinutes(1), Map.of("text", "Hi"));
    assertThat(upgraded.depth()).isZero();
  }

  private static Document legacyCommand(String id, Instant deliveredAt) {
    Instant queuedAt = Instant.parse("2026-12-01T09:59:59Z");
    Document command = new Document("_id", id)
        .append("kind", "PUBLISH_MESSAGE")
        .append("conversationId", CONVERSATION)
        .append("messageName", "client-message")
        .append("variables", new Document("text", "Hi"))
        .append("createdAt", Date.from(queuedAt))
        .append("attempts", 0);
    if (deliveredAt != null) {
      command.append("deliveredAt", Date.from(deliveredAt));
    } else {
      command.append("nextAttemptAt", Date.from(queuedAt));
    }
    return command;
  }

  private ProcessCommand onlyDue() {
    List<ProcessCommand> due = outbox.claimDue(10);
    assertThat(due).hasSize(1);
    return due.get(0);
  }
}
