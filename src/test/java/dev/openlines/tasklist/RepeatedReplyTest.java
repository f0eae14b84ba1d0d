package dev.openlines.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.MessageDeliveryProperties;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.testing.TestMessenger;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;

/**
 * An operator's console sends a reply again when its answer was lost (a network error, a restart of the service in
 * the middle): named by the same Idempotency-Key, the client gets it once and the history shows it once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RepeatedReplyTest {

  static final Duration WAIT = SupportDesk.WAIT;

  @Autowired SupportDesks desks;
  @Autowired ClientConversations clients;
  @Autowired TestMessenger messenger;
  @Autowired ConversationMessageStore messages;
  @Autowired ZeebeTestEngine engine;
  @Autowired MessageDeliveryProperties delivery;

  SupportDesk desk;
  OperatorJourney anna;
  String conversationId;

  @BeforeEach
  void annaHoldsAConversation() {
    desk = desks.open();
    String annaId = desk.operator("Anna");
    conversationId = clients.start(desk.channel("repeats", annaId)).conversationId();
    anna = desk.answers(annaId, conversationId);
  }

  @Test
  void aReplySentAgainWithItsKeyIsDeliveredAndStoredOnce() {
    ResponseEntity<JsonNode> first = anna.replyNamed(conversationId, "Hello!", "reply-1");
    ResponseEntity<JsonNode> again = anna.replyNamed(conversationId, "Hello!", "reply-1");
    ResponseEntity<JsonNode> next = anna.replyNamed(conversationId, "Hello!", "reply-2");

    assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(201);
    assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(201);
    assertThat(again.getBody().get("id")).isEqualTo(first.getBody().get("id"));
    assertThat(again.getBody().get("delivery").asText()).isEqualTo("DELIVERED");
    assertThat(next.getBody().get("id")).as("another key, another message").isNotEqualTo(first.getBody().get("id"));
    assertThat(repliesDelivered()).containsExactly("Hello!", "Hello!");
    assertThat(repliesStored()).containsExactly("Hello!", "Hello!");
  }

  @Test
  void theSameKeyForAnotherTextIsRefusedAndNothingIsSent() {
    anna.replyNamed(conversationId, "Hello!", "reply-1");

    ResponseEntity<JsonNode> other = anna.replyNamed(conversationId, "Goodbye!", "reply-1");

    assertThat(other.getStatusCode().value()).isEqualTo(409);
    assertThat(other.getBody().get("detail").asText())
        .contains("'reply-1' named another message of yours").contains("Nothing was sent");
    assertThat(repliesDelivered()).containsExactly("Hello!");
    assertThat(repliesStored()).containsExactly("Hello!");
  }

  @Test
  void aKeyThatNamesNothingIsABadRequestAndSendsNothing() {
    for (String key : List.of(" ", "k".repeat(201))) {
      ResponseEntity<JsonNode> refused = anna.replyNamed(conversationId, "Hello!", key);

      assertThat(refused.getStatusCode().value()).as("key of %d characters", key.length()).isEqualTo(400);
      assertThat(refused.getBody().toString()).contains("Idempotency-Key").contains("give 1 to 200 characters");
    }
    assertThat(repliesDelivered()).isEmpty();
    assertThat(repliesStored()).isEmpty();
  }

  @Test
  void aRepeatWhileTheFirstStillWaitsForTheMessengerDoesNotDeliverItAgain() throws Exception {
    TestMessenger.Hold slow = messenger.holdNext(conversationId);
    CompletableFuture<ResponseEntity<JsonNode>> first =
        CompletableFuture.supplyAsync(() -> anna.replyNamed(conversationId, "Hello!", "reply-1"));
    assertThat(slow.awaitArrival(WAIT)).isTrue();

    ResponseEntity<JsonNode> again = anna.replyNamed(conversationId, "Hello!", "reply-1");
    slow.release();

    assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(202);
    assertThat(again.getBody().get("delivery").asText()).isEqualTo("PENDING");
    assertThat(first.get().getStatusCode().value()).isEqualTo(201);
    assertThat(repliesDelivered()).containsExactly("Hello!");
    assertThat(messenger.attemptsFor(conversationId)).isEqualTo(1);
  }

  @Test
  void aReplyWhoseRequestDiedInTheMiddleIsDeliveredOnceByTheRepeat() {
    messenger.breakNext(conversationId, new IllegalStateException("the service stopped in the middle of the delivery"));

    ResponseEntity<JsonNode> died = anna.replyNamed(conversationId, "Hello!", "reply-1");
    ResponseEntity<JsonNode> again = anna.replyNamed(conversationId, "Hello!", "reply-1");

    assertThat(died.getStatusCode().value()).isEqualTo(500);
    assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(201);
    assertThat(again.getBody().get("delivery").asText()).isEqualTo("DELIVERED");
    assertThat(repliesDelivered()).containsExactly("Hello!");
    assertThat(repliesStored()).containsExactly("Hello!");
  }

  @Test
  void aReplyWhoseRequestDiedAndIsNeverRepeatedIsDeliveredOnceItsClaimRunsOut() {
    messenger.breakNext(conversationId, new IllegalStateException("the service stopped in the middle of the delivery"));

    ResponseEntity<JsonNode> died = anna.replyNamed(conversationId, "Hello!", "reply-1");

    assertThat(died.getStatusCode().value()).isEqualTo(500);
    assertThat(repliesStored()).as("in the history").containsExactly("Hello!");
    assertThat(repliesDelivered()).isEmpty();
    engine.increaseTime(delivery.retryLease().plusSeconds(1));
    await().atMost(WAIT).until(() -> !repliesDelivered().isEmpty());
    assertThat(repliesDelivered()).containsExactly("Hello!");
    await().atMost(WAIT).until(() -> messages.history(conversationId).stream()
        .anyMatch(message -> "Hello!".equals(message.getText()) && message.getDelivery() == DeliveryStatus.DELIVERED));
  }

  @Test
  void aRepeatAfterTheConversationWasClosedAnswersWithTheMessageTheFirstStored() {
    ResponseEntity<JsonNode> first = anna.replyNamed(conversationId, "Hello!", "reply-1");
    anna.close(conversationId);

    ResponseEntity<JsonNode> again = anna.replyNamed(conversationId, "Hello!", "reply-1");
    ResponseEntity<JsonNode> otherText = anna.replyNamed(conversationId, "Goodbye!", "reply-1");
    ResponseEntity<JsonNode> newMessage = anna.replyNamed(conversationId, "Goodbye!", "reply-2");
    ResponseEntity<JsonNode> colleague = desk.as(desk.operator("Ben")).replyNamed(conversationId, "Hello!", "reply-1");

    assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(201);
    assertThat(again.getBody().get("id")).isEqualTo(first.getBody().get("id"));
    assertThat(otherText.getStatusCode().value()).isEqualTo(409);
    assertThat(otherText.getBody().get("detail").asText()).contains("named another message of yours");
    assertThat(newMessage.getStatusCode().value()).isEqualTo(409);
    assertThat(newMessage.getBody().get("detail").asText()).contains("is already closed");
    assertThat(colleague.getStatusCode().value()).as("the key names only Anna's message").isEqualTo(403);
    assertThat(repliesDelivered()).containsExactly("Hello!");
    assertThat(repliesStored()).containsExactly("Hello!");
  }

  private List<String> repliesDelivered() {
    return messenger.deliveredTo(conversationId).stream().map(OutboundMessage::text).toList();
  }

  private List<String> repliesStored() {
    return messages.history(conversationId).stream()
        .filter(message -> message.getAuthor() == dev.openlines.conversation.MessageAuthor.OPERATOR)
        .map(ConversationMessage::getText)
        .toList();
  }
}
