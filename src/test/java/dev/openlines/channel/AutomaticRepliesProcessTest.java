package dev.openlines.channel;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.connector.OutboundMessage;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.TestMessenger;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Duration;
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
 * The channel's automatic replies, set through the admin API, change the conversation process
 * (bpmn/conversation.bpmn): the no-answer text after the channel's time (timer "Nobody answered in time",
 * gateway "No-answer text switched on?") and the reply to a client's new message ("Automatic reply, and
 * no operator has it yet?").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AutomaticRepliesProcessTest {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Autowired ZeebeTestEngine engine;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired TestMessenger messenger;
  @Autowired ClientConversations clients;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  String operator(String name, Presence presence) {
    String id = prefix + "-" + name;
    operators.create(new Operator(id, name, Set.of()));
    operators.changePresence(id, presence);
    return id;
  }

  /** A channel created through the admin API; offers wait an hour before the next operator. */
  String channel(String name, String operatorId) {
    String id = "auto-" + prefix + "-" + name;
    Map<String, Object> request = Map.of(
        "id", id, "name", name, "timeZone", "UTC",
        "queue", Map.of("entries", List.of(Map.of("kind", "OPERATOR", "id", operatorId)), "mode", "STRICT",
            "idleTime", "PT1H", "limitExclusion", "CLOSED", "checkAvailability", true));
    new dev.openlines.testing.AdminApi(http).ensureOperators(request);
    ResponseEntity<String> created = http.exchange("/api/admin/channels", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN, request), String.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return id;
  }

  ResponseEntity<String> putAutomaticActions(String channelId, Map<String, Object> automaticActions) {
    return http.exchange("/api/admin/channels/{id}/lifecycle-settings", HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("automaticActions", automaticActions)), String.class, channelId);
  }

  void setAutomaticActions(String channelId, Map<String, Object> automaticActions) {
    assertThat(putAutomaticActions(channelId, automaticActions).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  List<String> textsSentTo(Started c) {
    return messenger.deliveredTo(c.conversationId()).stream().map(OutboundMessage::text).toList();
  }

  void answerOverApi(Started c, String operatorId) {
    await().atMost(WAIT).until(() -> routing.offers(c.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(operatorId)));
    ResponseEntity<String> answered = http.exchange("/api/conversations/{id}/answer", HttpMethod.POST,
        ApiTokens.request(new ApiTokens(apiKeys).operator(operatorId)), String.class, c.conversationId());
    assertThat(answered.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void withNobodyAvailableTheNoAnswerTextGoesOutAfterTheChannelsTimeOnceHoweverOftenRoutingLoops() {
    String anna = operator("anna", Presence.OFFLINE);
    String channel = channel("busy", anna);
    setAutomaticActions(channel, Map.of("noAnswerReply", "All operators are busy.", "noAnswerAction", "SEND_TEXT",
        "noAnswerAfter", "PT10M"));

    Started c = clients.start(channel);
    eventually(c, p -> p.hasPassedElement("mark-waiting").isWaitingAtElements("operator-available"));
    engine.increaseTime(Duration.ofMinutes(9));
    await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() ->
        assertThatProcess(engine, c.key()).hasNotPassedElement("nobody-answered-in-time"));
    assertThat(textsSentTo(c)).isEmpty();

    engine.increaseTime(Duration.ofMinutes(2));
    eventually(c, p -> p.hasPassedElementsInOrder("nobody-answered-in-time", "no-answer-text-on", "send-no-answer-reply",
        "no-answer-text-sent").isWaitingAtElements("operator-available"));
    assertThat(textsSentTo(c)).containsExactly("All operators are busy.");

    // Still nobody: more time passes, no second text.
    engine.increaseTime(Duration.ofMinutes(30));
    await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() ->
        assertThatProcess(engine, c.key()).hasPassedElement("nobody-answered-in-time", 1));
    assertThat(textsSentTo(c)).containsExactly("All operators are busy.");
  }

  @Test
  void theNoAnswerTextAlsoGoesOutWhenOperatorsAreOfferedTheConversationButNobodyAnswers() {
    String anna = operator("anna", Presence.ONLINE);
    String channel = channel("slow", anna);
    setAutomaticActions(channel, Map.of("noAnswerReply", "Thank you for waiting.", "noAnswerAfter", "PT3M"));

    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    engine.increaseTime(Duration.ofMinutes(4));

    eventually(c, p -> p.hasPassedElement("send-no-answer-reply").isWaitingAtElements("wait-for-one"));
    assertThat(textsSentTo(c)).containsExactly("Thank you for waiting.");
    // The offer still stands: the operator can take it.
    answerOverApi(c, anna);
    eventually(c, p -> p.isWaitingAtElements("conversation-closed"));
  }

  @Test
  void switchedToNothingTheChannelSendsNoNoAnswerText() {
    String anna = operator("anna", Presence.OFFLINE);
    String channel = channel("quiet", anna);
    setAutomaticActions(channel, Map.of("noAnswerReply", "All operators are busy.", "noAnswerAction", "NOTHING",
        "noAnswerAfter", "PT2M"));

    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("operator-available"));
    engine.increaseTime(Duration.ofMinutes(3));

    eventually(c, p -> p.hasPassedElementsInOrder("nobody-answered-in-time", "no-answer-text-on", "no-answer-nothing-sent")
        .hasNotPassedElement("send-no-answer-reply"));
    assertThat(textsSentTo(c)).isEmpty();
  }

  @Test
  void anAnswerInTimeMeansNoNoAnswerText() {
    String anna = operator("anna", Presence.ONLINE);
    String channel = channel("fast", anna);
    setAutomaticActions(channel, Map.of("noAnswerReply", "All operators are busy.", "noAnswerAfter", "PT5M"));

    Started c = clients.start(channel);
    answerOverApi(c, anna);
    eventually(c, p -> p.isWaitingAtElements("conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(10));

    await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() ->
        assertThatProcess(engine, c.key()).hasNotPassedElement("nobody-answered-in-time"));
    assertThat(textsSentTo(c)).isEmpty();
  }

  @Test
  void aNoAnswerTimeOutsideOneMinuteTo24HoursOrASendWithoutTextIsRefusedAndNothingChanges() {
    String channel = channel("invalid", prefix + "-nobody");
    setAutomaticActions(channel, Map.of("noAnswerReply", "Busy.", "noAnswerAfter", "PT5M"));

    for (Map<String, Object> invalid : List.<Map<String, Object>>of(
        Map.of("noAnswerReply", "Busy.", "noAnswerAfter", "PT30S"),
        Map.of("noAnswerReply", "Busy.", "noAnswerAfter", "PT25H"),
        Map.of("noAnswerAction", "SEND_TEXT", "noAnswerAfter", "PT5M"),
        Map.of("newMessageAction", "SEND_TEXT"))) {
      ResponseEntity<String> refused = putAutomaticActions(channel, invalid);
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody()).containsAnyOf("1 minute", "24 hours", "noAnswerReply text", "newMessageReply text");
    }
    ResponseEntity<Map> stored = http.exchange("/api/admin/channels/{id}/lifecycle-settings", HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN), Map.class, channel);
    assertThat(((Map<?, ?>) stored.getBody().get("automaticActions")).get("noAnswerAfter")).isEqualTo("PT5M");
  }

  @Test
  void theClientsNewMessagesGetTheAutomaticReplyUntilAnOperatorTakesTheConversation() {
    String anna = operator("anna", Presence.ONLINE);
    String channel = channel("ack", anna);
    setAutomaticActions(channel, Map.of("newMessageReply", "We got your message.", "newMessageAction", "SEND_TEXT"));

    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    clients.write(c, "Are you there?");
    eventually(c, p -> p.hasPassedElementsInOrder("new-message-reply-on", "send-new-message-reply", "new-message-reply-done"));
    assertThat(textsSentTo(c)).containsExactly("We got your message.");

    answerOverApi(c, anna);
    eventually(c, p -> p.isWaitingAtElements("conversation-closed"));
    clients.write(c, "Thanks for taking it");
    eventually(c, p -> p.hasPassedElement("new-message-reply-on", 2).hasPassedElement("new-message-reply-done", 2));
    assertThat(textsSentTo(c)).containsExactly("We got your message.");
  }

  @Test
  void withTheNewMessageReplySwitchedOffTheClientsNewMessagesGetNoAutomaticText() {
    String anna = operator("anna", Presence.ONLINE);
    String channel = channel("noack", anna);
    setAutomaticActions(channel, Map.of("newMessageReply", "We got your message.", "newMessageAction", "NOTHING"));

    Started c = clients.start(channel);
    eventually(c, p -> p.isWaitingAtElements("wait-for-one"));
    clients.write(c, "Are you there?");
    eventually(c, p -> p.hasPassedElementsInOrder("new-message-reply-on", "new-message-reply-done")
        .hasNotPassedElement("send-new-message-reply"));
    assertThat(textsSentTo(c)).isEmpty();
  }
}
