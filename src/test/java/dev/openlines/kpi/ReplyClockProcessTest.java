package dev.openlines.kpi;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.KpiSettings;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.KpiBreach;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.ClientConversations;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * bpmn/conversation.bpmn: the subsequent-response clock ("Client wrote during the conversation") runs
 * only while an operator holds the conversation; while it is routed, only the first-response limit
 * counts, so supervisors never hear of a late reply in a conversation nobody has.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplyClockProcessTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final Duration REPLY_LIMIT = Duration.ofMinutes(5);

  @Autowired ZeebeTestEngine engine;
  @Autowired ChannelService channels;
  @Autowired ChannelLifecycleSettingsService lifecycle;
  @Autowired OperatorService operators;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ConversationCommands commands;
  @Autowired SupervisorNotificationStore notifications;
  @Autowired Clock clock;
  @Autowired ClientConversations clients;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);
  final String supervisor = prefix + "-sue";
  ClientConversations.Started started;
  String conversationId;
  long key;

  String operator(String name, Presence presence) {
    String id = prefix + "-" + name;
    operators.create(new Operator(id, name, Set.of()));
    operators.changePresence(id, presence);
    return id;
  }

  /** A channel tracking only the subsequent-response limit (no first-response clock), and a conversation in it. */
  void start(String... queue) {
    String channel = "reply-" + prefix;
    channels.save(new OpenChannel(channel, "Reply clock", ZoneId.of("UTC"), new QueueSettings(
        java.util.Arrays.stream(queue).map(QueueEntry::operator).toList(), DistributionMode.STRICT, Duration.ofHours(1), null,
        LimitExclusion.CLOSED, true)));
    lifecycle.save(new ChannelLifecycleSettings(channel, null, null,
        new KpiSettings(null, REPLY_LIMIT, "#OPERATOR# is late in #DIALOG#", List.of(supervisor))));
    started = clients.start(channel);
    conversationId = started.conversationId();
    key = started.key();
  }

  void eventually(ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, key)));
  }

  void clientWrites() {
    clients.write(started, "Anyone there?");
  }

  void answer(String operatorId) {
    await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(operatorId)));
    routing.answer(conversationId, operatorId);
  }

  List<KpiBreach> breaches() {
    return conversations.findById(conversationId).orElseThrow().getKpiBreaches();
  }

  @Test
  void aClientWaitingForAnOperatorStartsNoReplyClockAndTheClockCountsFromTheAnswer() {
    String anna = operator("anna", Presence.OFFLINE);
    start(anna);
    eventually(p -> p.isWaitingAtElements("operator-available"));

    clientWrites();
    eventually(p -> p.hasPassedElementsInOrder("start-reply-clock", "reply-limit-tracked", "reply-not-tracked")
        .isWaitingAtElements("operator-available"));
    engine.increaseTime(REPLY_LIMIT.multipliedBy(2));

    operators.changePresence(anna, Presence.ONLINE);
    answer(anna);
    eventually(p -> p.hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed"));
    assertThat(breaches()).isEmpty();

    // Held now: the next message starts the clock, counted from the answer, not from the first message.
    engine.increaseTime(Duration.ofMinutes(1));
    clientWrites();
    eventually(p -> p.isWaitingAtElements("wait-for-reply", "conversation-closed"));
    engine.increaseTime(REPLY_LIMIT.minusMinutes(2));
    await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).untilAsserted(() ->
        assertThatProcess(engine, key).hasNotPassedElement("notify-late-reply").isWaitingAtElements("wait-for-reply", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(2));
    eventually(p -> p.hasPassedElement("notify-late-reply", 1).isWaitingAtElements("conversation-closed"));
    assertThat(breaches()).singleElement().satisfies(breach -> assertThat(breach.operatorId()).isEqualTo(anna));
    assertThat(notifications.inbox(supervisor)).singleElement()
        .satisfies(notification -> assertThat(notification.text())
            .isEqualTo("anna is late in http://localhost:8080/console/?conversation=" + conversationId));
  }

  @Test
  void aReplyClockThatRunsOutAfterATransferIsNotReported() {
    String anna = operator("anna", Presence.ONLINE);
    String ben = operator("ben", Presence.ONLINE);
    start(anna, ben);
    answer(anna);
    eventually(p -> p.isWaitingAtElements("conversation-closed"));
    clientWrites();
    eventually(p -> p.isWaitingAtElements("wait-for-reply", "conversation-closed"));

    // Anna passes it to Ben, who has not answered yet: the clock anna started runs out while it is offered to him.
    commands.transfer(conversationId, anna, ben, null, "transfer-" + prefix);
    eventually(p -> p.hasPassedElement("give-up-for-transfer").isWaitingAtElements("wait-for-reply", "wait-for-one"));
    engine.increaseTime(REPLY_LIMIT.plusMinutes(1));
    eventually(p -> p.hasPassedElement("notify-late-reply").isWaitingAtElements("wait-for-one"));

    assertThat(breaches()).isEmpty();
    assertThat(notifications.inbox(supervisor)).isEmpty();
  }
}
