package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.RestartableApplication;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/**
 * A restart on the same store does not cut an open offer short: the recreated process waits for the
 * same operator's answer, and the offer moves on at the time it was due before the restart.
 */
class OpenOfferRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;
  static final Duration IDLE_TIME = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void anOpenOfferKeepsItsOperatorAndExpiresAtItsOriginalTime() {
    String anna = "anna-" + UUID.randomUUID();
    String ben = "ben-" + UUID.randomUUID();
    String conversationId;
    Instant expiresAt;
    Instant noAnswerDue;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      OperatorService operators = before.bean(OperatorService.class);
      for (String id : List.of(anna, ben)) {
        operators.create(new Operator(id, id, Set.of()));
        operators.changePresence(id, Presence.ONLINE);
      }
      String channel = "restart-offer-" + UUID.randomUUID();
      before.bean(ChannelService.class).save(new OpenChannel(channel, "Restart", ZoneId.of("Europe/Berlin"),
          new QueueSettings(List.of(QueueEntry.operator(anna), QueueEntry.operator(ben)), DistributionMode.STRICT,
              IDLE_TIME, 1, LimitExclusion.CLOSED, true)));
      ConnectorSettings connector = before.bean(ConnectorSettingsService.class).create(new ConnectorSettings(null, channel,
          "livechat", ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, new LiveChatSettings(false, null)));
      conversationId = before.bean(InboundMessageService.class).receive(new InboundMessage("livechat", connector.id(),
          "ext-" + UUID.randomUUID(), "visitor-" + UUID.randomUUID(), new InboundMessage.ClientProfile("Ann", null, null, "en"),
          "Hello", List.of(), false, before.bean(Clock.class).instant()), connector).conversationId();
      await().atMost(WAIT).until(() -> before.openOffers(conversationId).equals(List.of(anna)));
      await().atMost(WAIT).until(() -> before.conversation(conversationId).getStatus() == ConversationStatus.OFFERED);
      expiresAt = openOffer(before, conversationId).expiresAt();
      assertThat(expiresAt).isEqualTo(openOffer(before, conversationId).offeredAt().plus(IDLE_TIME));
      noAnswerDue = timerDue(before.engine(), "nobody-answered-in-time");
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      long key = after.awaitRecovered(conversationId);
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, key).isWaitingAtElements("wait-for-one"));
      // Readiness waited for recovery, which is over now.
      CompositeHealth readiness = (CompositeHealth) after.bean(HealthEndpoint.class).healthForPath("readiness");
      assertThat(readiness.getComponents()).containsKey("conversationRecovery");
      await().atMost(WAIT).until(() -> readiness(after).equals(Status.UP));

      // Same operator, same slot, and the idle timer is due when the offer was due before the restart.
      assertThat(after.openOffers(conversationId)).containsExactly(anna);
      assertThat(openOffer(after, conversationId).expiresAt()).isEqualTo(expiresAt);
      assertThat(Duration.between(expiresAt, timerDue(engine, "idle-time-over")).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
      // The wait for any operator's answer keeps its time too: the no-answer text is not put off by the restart.
      assertThat(timerDue(engine, "nobody-answered-in-time")).isEqualTo(noAnswerDue);
      assertThat(after.load(anna, after.conversation(conversationId).getChannelId())).isEqualTo(1);

      // At its original expiry the offer goes on to the next operator, as it would have without the restart.
      engine.increaseTime(Duration.between(after.bean(Clock.class).instant(), expiresAt).plusSeconds(1));
      await().atMost(WAIT).until(() -> after.openOffers(conversationId).equals(List.of(ben)));
      // The recreated process was given the channel's distribution mode: its next round needed no job to look it up.
      assertThatProcess(engine, key).hasNotPassedElement("check-responsible");
      assertThat(after.load(anna, after.conversation(conversationId).getChannelId())).isZero();
      after.bean(RoutingService.class).answer(conversationId, ben);
      await().atMost(WAIT).until(() -> after.conversation(conversationId).getStatus() == ConversationStatus.IN_PROGRESS);
    }
  }

  /** When the (only) timer of that element in this engine's records is due. */
  static Instant timerDue(ZeebeTestEngine engine, String elementId) {
    return StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).timerRecords().spliterator(), false)
        .filter(r -> r.getIntent() == TimerIntent.CREATED && r.getValue().getTargetElementId().equals(elementId))
        .map(r -> Instant.ofEpochMilli(r.getValue().getDueDate()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No timer of " + elementId + " was created"));
  }

  static Status readiness(RestartableApplication app) {
    return app.bean(HealthEndpoint.class).healthForPath("readiness").getStatus();
  }

  static Offer openOffer(RestartableApplication app, String conversationId) {
    return app.bean(RoutingService.class).offers(conversationId).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED)
        .findFirst()
        .orElseThrow();
  }
}
