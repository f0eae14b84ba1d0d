package dev.openlines.bot;

import static dev.openlines.testing.ApiTokens.anonymous;
import static dev.openlines.testing.ApiTokens.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.ConversationStatusService;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.security.ApiKeyService;
import dev.openlines.security.Role;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.TestMessenger;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The bot API over HTTP: key of role BOT only, conversations in the bot phase only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BotApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationStatusService statuses;
  @Autowired ConversationMessageStore messages;
  @Autowired TestMessenger messenger;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;

  String bot;
  String conversationId;

  @BeforeEach
  void conversationWithTheBot() {
    bot = new ApiTokens(apiKeys).withRoles(null, Role.BOT);
    conversationId = "conv-" + UUID.randomUUID();
    conversations.save(new Conversation(conversationId, "channel-1", TestMessenger.TYPE, "connector-1", "client-" + conversationId,
        clock.instant()));
    statuses.recordStatus(conversationId, ConversationStatus.WITH_BOT, 1L);
  }

  ResponseEntity<String> post(String token, String action, Object body) {
    return http.exchange("/api/bot/conversations/{id}/" + action, HttpMethod.POST, request(token, body), String.class, conversationId);
  }

  @Test
  void theBotsMessageReachesTheClientThroughTheConnectorAndIsStoredAsABotMessage() throws Exception {
    ResponseEntity<String> response = post(bot, "messages", Map.of("text", "Your parcel left the depot.", "messageId", "b-1"));

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    String messageId = json.readTree(response.getBody()).get("messageId").asText();
    assertThat(messageId).isEqualTo(conversationId + ":bot:b-1");
    assertThat(messenger.deliveredTo(conversationId)).extracting(OutboundMessage::text).containsExactly("Your parcel left the depot.");
    ConversationMessage stored = messages.find(messageId).orElseThrow();
    assertThat(stored.getAuthor()).isEqualTo(MessageAuthor.BOT);
    assertThat(stored.getDelivery()).isEqualTo(DeliveryStatus.DELIVERED);

    // A retry of the same message is not delivered twice.
    assertThat(post(bot, "messages", Map.of("text", "Your parcel left the depot.", "messageId", "b-1")).getStatusCode().value())
        .isEqualTo(200);
    assertThat(messenger.deliveredTo(conversationId)).hasSize(1);
  }

  @Test
  void handOffAndCloseAreAcceptedOnceAndTheOtherDecisionIsAConflict() throws Exception {
    assertThat(post(bot, "hand-off", Map.of("note", "VIP client")).getStatusCode().value()).isEqualTo(202);
    assertThat(post(bot, "hand-off", Map.of("note", "VIP client")).getStatusCode().value()).isEqualTo(202);

    ResponseEntity<String> close = post(bot, "close", null);
    assertThat(close.getStatusCode().value()).isEqualTo(409);
    assertThat(close.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(json.readTree(close.getBody()).get("detail").asText()).contains("is not with the chat bot");
    assertThat(post(bot, "messages", Map.of("text", "Still there?")).getStatusCode().value()).isEqualTo(409);
    assertThat(conversations.findById(conversationId).orElseThrow().getBotDecision()).isEqualTo("HAND_OFF");
  }

  @Test
  void conversationsOutsideTheBotPhaseAreAConflictAndUnknownOnesNotFound() throws Exception {
    statuses.recordStatus(conversationId, ConversationStatus.IN_PROGRESS, 1L);

    for (String action : new String[] {"hand-off", "close"}) {
      ResponseEntity<String> response = post(bot, action, Map.of());
      assertThat(response.getStatusCode().value()).as(action).isEqualTo(409);
      assertThat(json.readTree(response.getBody()).get("detail").asText()).contains("status IN_PROGRESS");
    }
    assertThat(post(bot, "messages", Map.of("text", "Hello")).getStatusCode().value()).isEqualTo(409);
    assertThat(messenger.deliveredTo(conversationId)).isEmpty();
    assertThat(conversations.findById(conversationId).orElseThrow().getBotDecision()).isNull();

    ResponseEntity<String> unknown = http.exchange("/api/bot/conversations/{id}/close", HttpMethod.POST,
        request(bot, Map.of()), String.class, "no-such-" + UUID.randomUUID());
    assertThat(unknown.getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void aBlankOrOverlongTextIs400AndNothingIsSent() throws Exception {
    ResponseEntity<String> blank = post(bot, "messages", Map.of("text", " ", "messageId", "not valid!"));

    assertThat(blank.getStatusCode().value()).isEqualTo(400);
    JsonNode problem = json.readTree(blank.getBody());
    assertThat(problem.get("errors")).extracting(e -> e.get("field").asText()).containsExactlyInAnyOrder("text", "messageId");
    assertThat(post(bot, "messages", Map.of("text", "x".repeat(4097))).getStatusCode().value()).isEqualTo(400);
    assertThat(post(bot, "hand-off", Map.of("note", "x".repeat(4097))).getStatusCode().value()).isEqualTo(400);
    assertThat(messenger.deliveredTo(conversationId)).isEmpty();
    assertThat(conversations.findById(conversationId).orElseThrow().getBotDecision()).isNull();
  }

  @Test
  void withoutAKeyIs401AndKeysWithoutTheBotRoleAre403() {
    ResponseEntity<String> anonymousCall = http.exchange("/api/bot/conversations/{id}/close", HttpMethod.POST,
        anonymous(Map.of()), String.class, conversationId);
    assertThat(anonymousCall.getStatusCode().value()).isEqualTo(401);

    ApiTokens tokens = new ApiTokens(apiKeys);
    for (String other : new String[] {tokens.operator("op-" + UUID.randomUUID()), tokens.supervisor(), ApiTokens.ADMIN}) {
      assertThat(post(other, "close", Map.of()).getStatusCode().value()).isEqualTo(403);
      assertThat(post(other, "hand-off", Map.of()).getStatusCode().value()).isEqualTo(403);
      assertThat(post(other, "messages", Map.of("text", "Hi")).getStatusCode().value()).isEqualTo(403);
    }
    assertThat(messenger.deliveredTo(conversationId)).isEmpty();
    assertThat(conversations.findById(conversationId).orElseThrow().getBotDecision()).isNull();
  }
}
