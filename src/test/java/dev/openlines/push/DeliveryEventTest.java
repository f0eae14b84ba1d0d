package dev.openlines.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.testing.TestMessenger;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * A reply the messenger did not take at once is marked "not delivered yet" on the operator's screen; when the
 * background retry gets it out, or the messenger refuses it for good, or the operator deletes it while it waits (then
 * it never goes out), the operator's stream says so, so the mark changes without a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryEventTest {

  /** Telegram's "retry after" of a 429: the background retry tries again after it, not after its own backoff. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  @Autowired SupportDesks desks;
  @Autowired ClientConversations clients;
  @Autowired TestMessenger messenger;
  @Autowired ConversationMessageStore messages;
  @LocalServerPort int port;

  OperatorJourney anna;
  String conversationId;

  @BeforeEach
  void annaHoldsAConversation() {
    SupportDesk desk = desks.open();
    String annaId = desk.operator("Anna");
    conversationId = clients.start(desk.channel("deliveries", annaId)).conversationId();
    anna = desk.answers(annaId, conversationId);
  }

  @Test
  void aReplyThatWaitedForTheMessengerIsAnnouncedWhenItGoesOut() throws Exception {
    messenger.failNext(conversationId, DeliveryException.temporary("429 Too Many Requests", RETRY_AFTER, null));
    try (EventStreamTest.RawStream stream = EventStreamTest.RawStream.open(port, "/api/operator/events?ticket=" + ticket())) {
      stream.awaitLine("event:ready");

      ResponseEntity<JsonNode> reply = anna.replyNamed(conversationId, "Your parcel left today", "reply-1");

      assertThat(reply.getStatusCode().value()).isEqualTo(202);
      assertThat(reply.getBody().get("delivery").asText()).isEqualTo("RETRYING");
      stream.awaitLine("event:delivery");
      assertThat(stream.awaitLine(reply.getBody().get("id").asText())).contains(conversationId).contains("\"delivery\":\"DELIVERED\"");
    }
  }

  @Test
  void aReplyTheMessengerRefusesOnRetryIsAnnouncedWithItsReason() throws Exception {
    messenger.failNext(conversationId, DeliveryException.temporary("429 Too Many Requests", RETRY_AFTER, null),
        DeliveryException.permanent("Forbidden: bot was blocked by the user"));
    try (EventStreamTest.RawStream stream = EventStreamTest.RawStream.open(port, "/api/operator/events?ticket=" + ticket())) {
      stream.awaitLine("event:ready");

      ResponseEntity<JsonNode> reply = anna.replyNamed(conversationId, "Your parcel left today", "reply-1");

      assertThat(reply.getStatusCode().value()).isEqualTo(202);
      stream.awaitLine("event:delivery");
      assertThat(stream.awaitLine(reply.getBody().get("id").asText()))
          .contains("\"delivery\":\"REFUSED\"").contains("bot was blocked by the user");
    }
  }

  @Test
  void aReplyDeletedWhileItWaitsForTheMessengerNeverReachesTheClient() throws Exception {
    messenger.failNext(conversationId, DeliveryException.temporary("429 Too Many Requests", RETRY_AFTER.multipliedBy(3), null));
    String messageId;
    try (EventStreamTest.RawStream stream = EventStreamTest.RawStream.open(port, "/api/operator/events?ticket=" + ticket())) {
      stream.awaitLine("event:ready");
      ResponseEntity<JsonNode> reply = anna.replyNamed(conversationId, "Sorry, wrong client", "reply-1");
      messageId = reply.getBody().get("id").asText();
      assertThat(reply.getBody().get("delivery").asText()).isEqualTo("RETRYING");

      ResponseEntity<JsonNode> deleted = anna.call(HttpMethod.DELETE, "/api/conversations/" + conversationId + "/messages/" + messageId, null);

      assertThat(deleted.getStatusCode().is2xxSuccessful()).as("%s", deleted.getBody()).isTrue();
      stream.awaitLine("event:delivery");
      assertThat(stream.awaitLine(messageId)).contains("\"delivery\":\"NOT_SENT\"").contains("deleted by the operator");
    }
    ResponseEntity<JsonNode> sentAgain = anna.replyNamed(conversationId, "Sorry, wrong client", "reply-1");

    assertThat(sentAgain.getBody().get("delivery").asText()).as("a repeat of the request does not send it").isEqualTo("NOT_SENT");
    assertThat(messenger.deliveredTo(conversationId)).extracting(OutboundMessage::text).doesNotContain("Sorry, wrong client");
    assertThat(messages.find(messageId).orElseThrow().getDelivery()).isEqualTo(DeliveryStatus.NOT_SENT);
  }

  private String ticket() {
    ResponseEntity<JsonNode> answer = anna.call(HttpMethod.POST, "/api/operator/stream-tickets", null);
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    return answer.getBody().get("ticket").asText();
  }
}
