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
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import dev.openlines.testing.RestartableApplication;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts the application while transfers are under way: after the restart each conversation reaches
 * the colleague or channel its operator chose, not whoever the channel's usual rules would pick.
 */
class TransferRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;

  @TempDir Path dir;

  static String channel(RestartableApplication app, String name, String operatorId) {
    String id = name + "-" + UUID.randomUUID();
    app.bean(ChannelService.class).save(new OpenChannel(id, name, ZoneId.of("Europe/Berlin"),
        new QueueSettings(List.of(QueueEntry.operator(operatorId)), DistributionMode.STRICT, Duration.ofHours(1), null,
            LimitExclusion.CLOSED, true)));
    return id;
  }

  @Test
  void transfersUnderWayWhenTheServiceRestartsReachTheirTargetsAfterwards() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String anna = "anna-" + suffix;
    String ben = "ben-" + suffix;
    String dora = "dora-" + suffix;
    String home;
    String other;
    String toBen;
    String toOtherChannel;
    String askedOnly;
    try (RestartableApplication before = RestartableApplication.start(dir)) {
      OperatorService operators = before.bean(OperatorService.class);
      for (String operator : List.of(anna, ben, dora)) {
        operators.create(new Operator(operator, operator, Set.of()));
      }
      operators.changePresence(anna, Presence.ONLINE);
      operators.changePresence(ben, Presence.ONLINE);
      home = channel(before, "home", anna);
      other = channel(before, "other", dora);
      toBen = before.startConversationHeldBy(home, anna);
      toOtherChannel = before.startConversationHeldBy(home, anna);
      askedOnly = before.startConversationHeldBy(home, anna);
      ConversationCommands commands = before.bean(ConversationCommands.class);

      // Offered to the colleague when the service stops.
      commands.transfer(toBen, anna, ben, null, "transfer-" + toBen);
      await().atMost(WAIT).until(() -> before.openOffers(toBen).equals(List.of(ben)));
      // Waiting in the other channel, whose only operator is away.
      commands.transfer(toOtherChannel, anna, null, other, "transfer-" + toOtherChannel);
      await().atMost(WAIT).until(() -> before.bean(RoutingService.class).state(toOtherChannel)
          .filter(state -> state.getStatus() == RoutingStatus.WAITING && other.equals(state.getQueueChannelId())).isPresent());
      // Asked for, but the service stopped before the process took the request: what the store then holds.
      before.bean(ConversationTransfers.class).requested(askedOnly, ben, null);
      assertThat(before.load(anna, home)).isEqualTo(1);
    }

    try (RestartableApplication after = RestartableApplication.start(dir)) {
      ZeebeTestEngine engine = after.engine();
      long toBenKey = after.awaitRecovered(toBen);
      long toOtherChannelKey = after.awaitRecovered(toOtherChannel);
      long askedOnlyKey = after.awaitRecovered(askedOnly);

      // Anna is online with free slots, yet the colleague chosen is offered each conversation again...
      await().atMost(WAIT).until(() -> after.openOffers(toBen).equals(List.of(ben)));
      await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, askedOnlyKey)
          .hasPassedElementsInOrder("give-up-for-transfer", "mark-transferred")
          .isWaitingAtElements("wait-for-one"));
      assertThat(after.openOffers(askedOnly)).containsExactly(ben);
      assertThat(after.load(anna, home)).as("the transferring operator's slot is free").isZero();

      // ...and the other channel's queue keeps the conversation sent to it until its operator comes.
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, toOtherChannelKey).isWaitingAtElements("operator-available"));
      assertThat(after.openOffers(toOtherChannel)).isEmpty();
      assertThat(after.bean(RoutingService.class).state(toOtherChannel).orElseThrow().getQueueChannelId()).isEqualTo(other);
      after.bean(OperatorService.class).changePresence(dora, Presence.ONLINE);
      await().atMost(WAIT).until(() -> after.openOffers(toOtherChannel).equals(List.of(dora)));

      // Answered: the transfer is done and no longer pending.
      after.bean(RoutingService.class).answer(toBen, ben);
      await().atMost(WAIT).untilAsserted(() ->
          assertThatProcess(engine, toBenKey).hasPassedElement("mark-in-progress").isWaitingAtElements("conversation-closed"));
      await().atMost(WAIT).until(() -> after.conversation(toBen).getPendingTransfer() == null);
      assertThat(after.conversation(toOtherChannel).getPendingTransfer().toChannelId()).isEqualTo(other);
    }
  }
}
