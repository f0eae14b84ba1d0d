package dev.openlines.bot;

import static dev.openlines.testing.ApiTokens.anonymous;
import static dev.openlines.testing.ApiTokens.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
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
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.TestMessenger;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
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
  @Autowired ChannelService channels;

  String bot;
  String conversationId;

  @BeforeEach
  void conversationWithTheBot() {
    bot = new ApiTokens(apiKeys).bot("channel-1");
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
  void aBotKeyOfAnotherChannelIs403AndChangesNothing() throws Exception {
    String otherChannelsBot = new ApiTokens(apiKeys).bot("channel-2", "channel-3");

    Map<String, Map<String, String>> bodies = Map.of("hand-off", Map.of("note", "Hi"), "close", Map.of(), "messages", Map.of("text", "Hi"));
    for (String action : new String[] {"hand-off", "close", "messages"}) {
      ResponseEntity<String> refused = post(otherChannelsBot, action, bodies.get(action));
      assertThat(refused.getStatusCode().value()).as(action).isEqualTo(403);
      assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(json.readTree(refused.getBody()).get("detail").asText())
          .isEqualTo("This API key does not serve channel 'channel-1' of conversation '" + conversationId
              + "': use the key issued for that channel, or have an admin issue one that lists it in channelIds");
    }
    assertThat(messenger.deliveredTo(conversationId)).isEmpty();
    assertThat(conversations.findById(conversationId).orElseThrow().getBotDecision()).isNull();
    assertThat(post(bot, "close", null).getStatusCode().value()).isEqualTo(202);
  }

  @Test
  void anAdminIssuesABotKeyForExistingChannelsOnlyAndItServesThoseChannels() throws Exception {
    String channelId = "bot-line-" + UUID.randomUUID().toString().substring(0, 8);
    channels.save(new OpenChannel(channelId, "Bot line", ZoneId.of("UTC"), new QueueSettings(
        List.of(QueueEntry.operator("anna")), DistributionMode.STRICT, Duration.ofMinutes(3), 2, LimitExclusion.CLOSED, true)));

    ResponseEntity<String> noChannel = issue(Map.of("userId", "faq-bot", "displayName", "FAQ bot", "roles", List.of("BOT")));
    assertThat(noChannel.getStatusCode().value()).isEqualTo(400);
    assertThat(json.readTree(noChannel.getBody()).get("errors").get(0).get("field").asText()).isEqualTo("channelIds");
    ResponseEntity<String> unknownChannel = issue(Map.of("userId", "faq-bot", "displayName", "FAQ bot", "roles", List.of("BOT"),
        "channelIds", List.of(channelId, "no-such-line")));
    assertThat(unknownChannel.getStatusCode().value()).isEqualTo(400);
    assertThat(json.readTree(unknownChannel.getBody()).get("errors").get(0).get("message").asText())
        .isEqualTo("names no open channel 'no-such-line': create it first (POST /api/admin/channels)");
    ResponseEntity<String> operatorWithChannels = issue(Map.of("userId", "sam", "displayName", "Sam", "roles", List.of("SUPERVISOR"),
        "channelIds", List.of(channelId)));
    assertThat(operatorWithChannels.getStatusCode().value()).isEqualTo(400);

    ResponseEntity<String> issued = issue(Map.of("userId", "faq-bot", "displayName", "FAQ bot", "roles", List.of("BOT"),
        "channelIds", List.of(channelId)));
    assertThat(issued.getStatusCode().value()).isEqualTo(201);
    JsonNode created = json.readTree(issued.getBody());
    assertThat(created.get("apiKey").get("channelIds")).extracting(JsonNode::asText).containsExactly(channelId);
    String lineBot = created.get("key").asText();

    String served = "conv-" + UUID.randomUUID();
    conversations.save(new Conversation(served, channelId, TestMessenger.TYPE, "connector-1", "client-" + served, clock.instant()));
    statuses.recordStatus(served, ConversationStatus.WITH_BOT, 1L);
    assertThat(http.exchange("/api/bot/conversations/{id}/hand-off", HttpMethod.POST, request(lineBot, Map.of()), String.class, served)
        .getStatusCode().value()).isEqualTo(202);
    assertThat(post(lineBot, "hand-off", Map.of()).getStatusCode().value()).isEqualTo(403);
  }

  ResponseEntity<String> issue(Map<String, Object> body) {
    return http.exchange("/api/admin/api-keys", HttpMethod.POST, request(ApiTokens.ADMIN, body), String.class);
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
