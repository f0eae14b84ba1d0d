package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.QueueEntry;
import dev.openlines.operator.DateRange;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingServiceTest {

  static final AtomicLong attempts = new AtomicLong(System.nanoTime());

  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;
  RoutingFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new RoutingFixtures(channels, operators, mongo);
  }

  OfferResult offer(String conversationId, String channelId) {
    return routing.offer("attempt-" + attempts.incrementAndGet(), new OfferRequest(conversationId, channelId, null, null));
  }

  @Test
  void strictFollowsQueueOrderSkipsTriedOperatorsAndStartsOverAtTheTop() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String carl = fx.operator("carl");
    String channel = fx.channel("strict", DistributionMode.STRICT, null, anna, ben, carl);
    String c = fx.conversation();

    assertThat(offer(c, channel).operatorIds()).containsExactly(anna);
    assertThat(routing.withdraw(c)).isEmpty();
    assertThat(offer(c, channel).operatorIds()).containsExactly(ben);
    routing.withdraw(c);
    assertThat(offer(c, channel).operatorIds()).containsExactly(carl);
    routing.withdraw(c);
    assertThat(offer(c, channel).operatorIds()).containsExactly(anna);

    assertThat(routing.offers(c)).extracting(Offer::operatorId, Offer::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(anna, OfferStatus.EXPIRED),
            org.assertj.core.groups.Tuple.tuple(ben, OfferStatus.EXPIRED),
            org.assertj.core.groups.Tuple.tuple(carl, OfferStatus.EXPIRED),
            org.assertj.core.groups.Tuple.tuple(anna, OfferStatus.OFFERED));
    assertThat(fx.load(anna, channel)).isEqualTo(1);
    assertThat(fx.load(ben, channel)).isZero();
  }

  @Test
  void unavailableOperatorsAreNotOffered() {
    String dismissed = fx.operator("dismissed");
    String onVacation = fx.operator("vacation");
    String away = fx.operator("away");
    String offline = fx.operator("offline");
    String full = fx.operator("full");
    String free = fx.operator("free");
    operators.dismiss(dismissed);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
    operators.changeVacations(onVacation, List.of(new DateRange(today.minusDays(1), today.plusDays(1))));
    operators.changePresence(away, Presence.AWAY);
    operators.clockIn(away);
    operators.changePresence(offline, Presence.OFFLINE);
    String channel = fx.channel("availability", DistributionMode.STRICT, 1, dismissed, onVacation, away, offline, full, free);
    assertThat(offer(fx.conversation(), channel).operatorIds()).containsExactly(full);

    assertThat(offer(fx.conversation(), channel).operatorIds()).containsExactly(free);
    assertThat(offer(fx.conversation(), channel).offered()).isFalse();
  }

  @Test
  void clockedInCountsAsPresentAndDepartmentsExpandToTheirMembers() {
    String dept = fx.department("sales");
    String zoe = fx.operator("zoe", dept);
    String adam = fx.operator("adam", dept);
    operators.changePresence(adam, Presence.OFFLINE);
    operators.clockIn(adam);
    String channel =
        fx.channel("departments", DistributionMode.STRICT, 1, LimitExclusion.CLOSED, List.of(QueueEntry.department(dept)));

    assertThat(offer(fx.conversation(), channel).operatorIds()).containsExactly(adam);
    assertThat(offer(fx.conversation(), channel).operatorIds()).containsExactly(zoe);
  }

  @Test
  void evenlyPicksTheOperatorWhoseLastAssignmentIsLongestAgo() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("evenly", DistributionMode.EVENLY, null, anna, ben);

    String first = offer(fx.conversation(), channel).operatorIds().getFirst();
    String second = offer(fx.conversation(), channel).operatorIds().getFirst();
    String third = offer(fx.conversation(), channel).operatorIds().getFirst();
    assertThat(List.of(first, second, third)).containsExactly(anna, ben, anna);
  }

  @Test
  void allOffersToEveryoneAndOnlyTheFirstAnswerWins() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("all", DistributionMode.ALL, 1, anna, ben);
    String c = fx.conversation();

    OfferResult result = offer(c, channel);
    assertThat(result.operatorIds()).containsExactly(anna, ben);
    assertThat(fx.load(anna, channel)).as("ALL takes a slot only on answering").isZero();

    routing.answer(c, ben);
    assertThatThrownBy(() -> routing.answer(c, anna)).isInstanceOf(OfferConflictException.class);
    assertThat(fx.load(ben, channel)).isEqualTo(1);
    assertThat(fx.load(anna, channel)).isZero();
    assertThat(routing.state(c).orElseThrow().getAssignedOperatorId()).isEqualTo(ben);
    assertThat(routing.offers(c)).extracting(Offer::operatorId, Offer::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(anna, OfferStatus.WITHDRAWN),
            org.assertj.core.groups.Tuple.tuple(ben, OfferStatus.ANSWERED));

    routing.close(c);
    assertThat(fx.load(ben, channel)).isZero();
  }

  @Test
  void inAllModeWhoSkippedIsNotOfferedAgain() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("all-skip", DistributionMode.ALL, null, anna, ben);
    String c = fx.conversation();
    offer(c, channel);

    routing.skip(c, anna);
    assertThatThrownBy(() -> routing.answer(c, anna)).isInstanceOf(OfferConflictException.class);
    routing.withdraw(c);
    assertThat(offer(c, channel).operatorIds()).containsExactly(ben);
  }

  @Test
  void answeringAfterTheOfferWasWithdrawnIsAConflictAndAWithdrawAfterAnAnswerReportsIt() {
    String anna = fx.operator("anna");
    String channel = fx.channel("race", DistributionMode.STRICT, 1, anna);
    String late = fx.conversation();
    offer(late, channel);
    routing.withdraw(late);
    assertThatThrownBy(() -> routing.answer(late, anna))
        .isInstanceOf(OfferConflictException.class)
        .hasMessageContaining("not offered to you");
    assertThat(fx.load(anna, channel)).isZero();

    String quick = fx.conversation();
    offer(quick, channel);
    routing.answer(quick, anna);
    assertThat(routing.withdraw(quick)).contains(anna);
    assertThat(fx.load(anna, channel)).as("the answered conversation keeps its slot").isEqualTo(1);
  }

  @Test
  void aRepeatedOfferAttemptReturnsItsFirstResultWithoutTakingASecondSlot() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("replay", DistributionMode.STRICT, 5, anna, ben);
    String c = fx.conversation();
    OfferRequest request = new OfferRequest(c, channel, null, null);

    OfferResult first = routing.offer("attempt-42", request);
    OfferResult again = routing.offer("attempt-42", request);
    assertThat(again).isEqualTo(first);
    assertThat(fx.load(anna, channel) + fx.load(ben, channel)).isEqualTo(1);
  }

  @Test
  void skippingFreesTheSlotAndAnOldSkipNeverFreesALaterOffer() {
    String anna = fx.operator("anna");
    String channel = fx.channel("skip", DistributionMode.STRICT, 1, anna);
    String c = fx.conversation();
    offer(c, channel);
    routing.skip(c, anna);
    assertThatThrownBy(() -> routing.skip(c, anna)).isInstanceOf(OfferConflictException.class);
    routing.withdraw(c);
    assertThat(fx.load(anna, channel)).isZero();

    assertThat(offer(c, channel).operatorIds()).containsExactly(anna);
    routing.withdraw(c);
    offer(c, channel);
    assertThat(fx.load(anna, channel)).isEqualTo(1);
    routing.answer(c, anna);
    assertThat(fx.load(anna, channel)).isEqualTo(1);
  }

  @Test
  void exclusionModeDecidesWhenAConversationStopsCounting() {
    String anna = fx.operator("anna");
    List<QueueEntry> queue = List.of(QueueEntry.operator(anna));
    String answered = fx.channel("ex-answered", DistributionMode.STRICT, 1, LimitExclusion.ANSWERED, queue);
    String waiting = fx.channel("ex-waiting", DistributionMode.STRICT, 1, LimitExclusion.WAITING_FOR_CLIENT, queue);
    String closed = fx.channel("ex-closed", DistributionMode.STRICT, 1, LimitExclusion.CLOSED, queue);

    String a = assigned(answered, anna);
    routing.operatorReplied(a);
    routing.clientWrote(a);
    assertThat(fx.load(anna, answered)).isZero();

    String w = assigned(waiting, anna);
    routing.operatorReplied(w);
    assertThat(fx.load(anna, waiting)).isZero();
    routing.clientWrote(w);
    routing.clientWrote(w);
    assertThat(fx.load(anna, waiting)).isEqualTo(1);

    String c = assigned(closed, anna);
    routing.operatorReplied(c);
    assertThat(fx.load(anna, closed)).isEqualTo(1);
    assertThat(offer(fx.conversation(), closed).offered()).as("limit reached").isFalse();
    routing.close(c);
    routing.close(c);
    assertThat(fx.load(anna, closed)).isZero();
  }

  private String assigned(String channel, String operatorId) {
    String c = fx.conversation();
    assertThat(offer(c, channel).operatorIds()).containsExactly(operatorId);
    routing.answer(c, operatorId);
    assertThat(fx.load(operatorId, channel)).isEqualTo(1);
    return c;
  }

  @Test
  void otherQueueRoutesToAnotherChannelOrOneDepartment() {
    String anna = fx.operator("anna");
    String dept = fx.department("english");
    String ella = fx.operator("ella", dept);
    String home = fx.channel("home", DistributionMode.STRICT, null, anna);
    String other = fx.channel("other", DistributionMode.STRICT, 3, ella);

    OfferResult toChannel =
        routing.offer(
            "attempt-" + attempts.incrementAndGet(),
            new OfferRequest(fx.conversation(), home, new Distribution(RoutingTarget.OTHER_QUEUE, other, null), null));
    assertThat(toChannel.operatorIds()).containsExactly(ella);
    assertThat(fx.load(ella, other)).isEqualTo(1);

    OfferResult toDepartment =
        routing.offer(
            "attempt-" + attempts.incrementAndGet(),
            new OfferRequest(fx.conversation(), home, new Distribution(RoutingTarget.OTHER_QUEUE, null, dept), null));
    assertThat(toDepartment.operatorIds()).containsExactly(ella);
    assertThat(fx.load(ella, home)).isEqualTo(1);
  }

  @Test
  void aDepartmentWithoutOperatorsFallsBackToTheChannelsQueue() {
    String anna = fx.operator("anna");
    String home = fx.channel("no-dept", DistributionMode.STRICT, null, anna);
    OfferResult result =
        routing.offer(
            "attempt-" + attempts.incrementAndGet(),
            new OfferRequest(
                fx.conversation(), home, new Distribution(RoutingTarget.OTHER_QUEUE, null, fx.department("nobody")), null));
    assertThat(result.operatorIds()).containsExactly(anna);
  }

  @Test
  void responsibleOperatorComesFirstThenTheQueue() {
    String anna = fx.operator("anna");
    String rita = fx.operator("rita");
    String channel = fx.channel("responsible", DistributionMode.STRICT, null, anna);
    String c = fx.conversation();
    OfferRequest request = new OfferRequest(c, channel, new Distribution(RoutingTarget.RESPONSIBLE, null, null), rita);

    assertThat(routing.canTake(rita, channel)).isTrue();
    assertThat(routing.offer("attempt-" + attempts.incrementAndGet(), request).operatorIds()).containsExactly(rita);
    routing.withdraw(c);
    assertThat(routing.offer("attempt-" + attempts.incrementAndGet(), request).operatorIds()).containsExactly(anna);

    operators.changePresence(rita, Presence.OFFLINE);
    assertThat(routing.canTake(rita, channel)).isFalse();
    String unchecked = "t-" + fx.prefix + "-unchecked";
    channels.save(
        new dev.openlines.channel.OpenChannel(
            unchecked,
            "Unchecked",
            ZoneId.of("UTC"),
            new dev.openlines.channel.QueueSettings(
                List.of(QueueEntry.operator(anna)), DistributionMode.STRICT, Duration.ofMinutes(1), null, LimitExclusion.CLOSED, false)));
    assertThat(routing.canTake(rita, unchecked)).as("offline is not online, even where presence is not checked").isFalse();
    assertThat(routing.canTake(null, channel)).isFalse();
  }

  @Test
  void idleTimeOfTheQueueIsReported() {
    String anna = fx.operator("anna");
    String channel = fx.channel("idle", DistributionMode.STRICT, null, anna);
    assertThat(offer(fx.conversation(), channel).idleTime()).isEqualTo(Duration.ofMinutes(2));
  }
}
