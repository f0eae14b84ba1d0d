package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.ConversationTimeout;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.TestMessenger;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The conversation timeout on the real engine with time travel: an operator's message the client leaves
 * unanswered closes the conversation after the channel's time, the normal way; a client message stops
 * the clock, an operator message restarts it, a pin postpones it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationTimeoutProcessTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired ChannelService channels;
  @Autowired ChannelLifecycleSettingsService lifecycle;
  @Autowired OperatorService operators;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ClientSilenceService silence;
  @Autowired TestMessenger messenger;
  @Autowired Clock clock;
  @Autowired ClientConversations clients;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);
  String anna;
  String channel;

  /** A channel whose conversations close after 10 silent minutes, with every closing text set. */
  void channelWithTimeout(String autoCloseText) {
    anna = prefix + "-anna";
    operators.create(new Operator(anna, "Anna", Set.of()));
    operators.changePresence(anna, Presence.ONLINE);
    channel = "ct-" + prefix;
    channels.save(new OpenChannel(channel, "Timeout", ZoneId.of("UTC"), new QueueSettings(
        List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(2), null, LimitExclusion.CLOSED, true)));
    lifecycle.save(new ChannelLifecycleSettings(channel, null,
        new AutomaticActions("", "", "", "", "Thank you, goodbye.", "How did we do?"), null,
        new ConversationTimeout(TIMEOUT, autoCloseText)));
  }

  /** A conversation answered by anna: the process waits until it is closed. */
  Started inProgress() {
    Started c = clients.start(channel);
    String id = c.conversationId();
    await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(id).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId)).containsExactly(anna));
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    routing.answer(id, anna);
    eventually(c, p -> p.hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed"));
    return c;
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  List<String> textsSentTo(Started c) {
    return messenger.deliveredTo(c.conversationId()).stream().map(OutboundMessage::text).toList();
  }

  void closesNormally(Started c) {
    eventually(c, p -> p.hasPassedElementsInOrder("send-auto-close-text", "close-for-silence", "closed-for-silence")
        .hasPassedElement("send-auto-close-text", 1)
        .hasPassedElementsInOrder("conversation-closed", "mark-closed", "free-slot", "send-closing-text",
            "send-rating-request", "rating-wait-wanted", "rating-wait-done", "save-log", "conversation-ended")
        .isCompleted());
    Conversation closed = conversations.findById(c.conversationId()).orElseThrow();
    assertThat(closed.getStatus()).isEqualTo(ConversationStatus.CLOSED);
    assertThat(closed.getClosedForSilenceAt()).isNotNull();
    assertThat(operators.get(anna).loadIn(channel)).isZero();
  }

  @Test
  void anOperatorMessageLeftUnansweredClosesTheConversationAfterTheTimeoutWithTheAutoCloseText() {
    channelWithTimeout("We close this chat as we have not heard from you.");
    Started c = inProgress();

    silence.operatorReplied(c.conversationId());
    eventually(c, p -> p.hasPassedElementsInOrder("operator-waits-for-client", "read-silence-deadline", "client-clock-running")
        .isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines().inactivityTimeoutAt())
        .isBetween(clock.instant().plus(TIMEOUT).minusSeconds(5), clock.instant().plus(TIMEOUT));

    engine.increaseTime(TIMEOUT.minusMinutes(1));
    eventually(c, p -> p.isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    assertThat(textsSentTo(c)).isEmpty();

    engine.increaseTime(Duration.ofMinutes(2));
    closesNormally(c);
    assertThat(textsSentTo(c))
        .containsExactly("We close this chat as we have not heard from you.", "Thank you, goodbye.", "How did we do?");
  }

  @Test
  void withoutAnAutoCloseTextTheConversationClosesWithOnlyTheClosingTexts() {
    channelWithTimeout("");
    Started c = inProgress();

    silence.operatorReplied(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engine.increaseTime(TIMEOUT.plusMinutes(1));

    closesNormally(c);
    assertThat(textsSentTo(c)).containsExactly("Thank you, goodbye.", "How did we do?");
  }

  @Test
  void aClientMessageStopsTheClockAndTheNextOperatorMessageStartsItAgain() {
    channelWithTimeout("Closing now.");
    Started c = inProgress();

    silence.operatorReplied(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(6));
    silence.clientWrote(c.conversationId());

    // The first deadline passes: the client had answered, so the watch ends and nothing closes.
    engine.increaseTime(Duration.ofMinutes(6));
    eventually(c, p -> p.hasPassedElement("decide-close-for-silence").hasPassedElement("client-not-awaited")
        .hasNotPassedElement("send-auto-close-text")
        .isWaitingAtElements("conversation-closed"));
    assertThat(textsSentTo(c)).isEmpty();

    // The operator answers: a new clock of its own.
    silence.operatorReplied(c.conversationId());
    eventually(c, p -> p.hasPassedElement("operator-waits-for-client", 2)
        .isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engine.increaseTime(TIMEOUT.minusMinutes(1));
    eventually(c, p -> p.hasNotPassedElement("send-auto-close-text").isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(2));
    closesNormally(c);
    assertThat(textsSentTo(c)).containsExactly("Closing now.", "Thank you, goodbye.", "How did we do?");
  }

  @Test
  void aSecondOperatorMessageRestartsTheClockFromThatMessage() {
    channelWithTimeout("Closing now.");
    Started c = inProgress();

    silence.operatorReplied(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(6));
    silence.operatorReplied(c.conversationId());

    // At the first deadline the clock has moved on: the watch waits again, one watch only.
    engine.increaseTime(Duration.ofMinutes(5));
    eventually(c, p -> p.hasPassedElement("decide-close-for-silence", 1).hasPassedElement("read-silence-deadline", 2)
        .hasPassedElement("operator-waits-for-client", 1)
        .isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    assertThat(textsSentTo(c)).isEmpty();

    engine.increaseTime(Duration.ofMinutes(4)); // 15 minutes after the first, 9 after the second message
    eventually(c, p -> p.hasNotPassedElement("send-auto-close-text").isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(2));
    closesNormally(c);
  }

  @Test
  void aPinnedConversationIsNotClosedAndTheClockStartsAgainFromTheUnpinOverHttp(
      @Autowired TestRestTemplate http, @Autowired ApiKeyService apiKeys) {
    channelWithTimeout("Closing now.");
    Started c = inProgress();
    String annaKey = new ApiTokens(apiKeys).operator(anna);

    ResponseEntity<JsonNode> sent = http.exchange("/api/conversations/" + c.conversationId() + "/messages", HttpMethod.POST,
        ApiTokens.request(annaKey, Map.of("text", "Could you send me your order number?")), JsonNode.class);
    assertThat(sent.getStatusCode().is2xxSuccessful()).isTrue();
    eventually(c, p -> p.isWaitingAtElements("client-reply-time-over", "conversation-closed"));

    assertThat(http.exchange("/api/conversations/" + c.conversationId() + "/pin", HttpMethod.POST,
        ApiTokens.request(annaKey), Void.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(conversations.findById(c.conversationId()).orElseThrow().isPinned()).isTrue();

    // Long past the timeout: pinned, so it stays with anna.
    engine.increaseTime(Duration.ofHours(3));
    eventually(c, p -> p.hasPassedElement("client-not-awaited").hasNotPassedElement("send-auto-close-text")
        .isWaitingAtElements("conversation-closed"));

    assertThat(http.exchange("/api/conversations/" + c.conversationId() + "/unpin", HttpMethod.POST,
        ApiTokens.request(annaKey), Void.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    eventually(c, p -> p.hasPassedElement("operator-waits-for-client", 2)
        .isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    engine.increaseTime(TIMEOUT.minusMinutes(1));
    eventually(c, p -> p.hasNotPassedElement("send-auto-close-text").isWaitingAtElements("client-reply-time-over", "conversation-closed"));
    assertThat(textsSentTo(c)).containsExactly("Could you send me your order number?");

    engine.increaseTime(Duration.ofMinutes(2));
    closesNormally(c);
    assertThat(textsSentTo(c))
        .containsExactly("Could you send me your order number?", "Closing now.", "Thank you, goodbye.", "How did we do?");
  }

  @Test
  void aConversationTheOperatorClosedFirstIsLeftAloneAndKeepsNoTimeoutDeadline(@Autowired ConversationCommands commands) {
    channelWithTimeout("Closing now.");
    OpenChannel withRatingWait = channels.get(channel);
    withRatingWait.setClosing(new dev.openlines.channel.ClosingSettings(Duration.ofMinutes(30), false));
    channels.save(withRatingWait);
    Started c = inProgress();
    silence.operatorReplied(c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("client-reply-time-over", "conversation-closed"));

    commands.close(c.conversationId(), anna, "close-" + c.conversationId());
    eventually(c, p -> p.isWaitingAtElements("client-reply-time-over", "rating-wait"));
    engine.increaseTime(TIMEOUT.plusMinutes(1));

    eventually(c, p -> p.hasPassedElement("client-not-awaited").hasNotPassedElement("send-auto-close-text")
        .isWaitingAtElements("rating-wait"));
    Conversation closed = conversations.findById(c.conversationId()).orElseThrow();
    assertThat(closed.getDeadlines().inactivityTimeoutAt()).isNull();
    assertThat(closed.getClosedForSilenceAt()).isNull();
    assertThat(textsSentTo(c)).containsExactly("Thank you, goodbye.", "How did we do?");
  }

  @Test
  void aSilentNoteDoesNotStartTheClock(@Autowired TestRestTemplate http, @Autowired ApiKeyService apiKeys) {
    channelWithTimeout("Closing now.");
    Started c = inProgress();
    String annaKey = new ApiTokens(apiKeys).operator(anna);

    http.exchange("/api/conversations/" + c.conversationId() + "/messages", HttpMethod.POST,
        ApiTokens.request(annaKey, Map.of("text", "note to self", "silent", true)), JsonNode.class);
    engine.increaseTime(TIMEOUT.plusMinutes(5));

    eventually(c, p -> p.hasNotPassedElement("operator-waits-for-client").isWaitingAtElements("conversation-closed"));
    assertThat(conversations.findById(c.conversationId()).orElseThrow().getDeadlines()).isNull();
  }
}
