package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.OperatorService;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The offer uses the picker the decision operator-picker named ({@code operatorPicker}), not a branch on
 * the channel's mode; without one (instances of earlier model versions) the channel's mode picks. And
 * job {@code routing.release} of earlier model versions still withdraws offers and closes conversations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorPickerTest {

  static final AtomicLong attempts = new AtomicLong(System.nanoTime());

  @Autowired RoutingService routing;
  @Autowired EarlierModelReleaseWorker earlierRelease;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  RoutingFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new RoutingFixtures(channels, operators, mongo);
  }

  OfferResult offer(String conversationId, String channelId, String picker) {
    return routing.offer(
        "attempt-" + attempts.incrementAndGet(),
        new OfferRequest(conversationId, channelId, null, null, null, null, null, picker));
  }

  @Test
  void theDecisionsPickerIsUsedWhateverTheChannelsMode() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("picked", DistributionMode.STRICT, null, anna, ben);

    OfferResult everyone = offer(fx.conversation(), channel, EveryoneAtOncePicker.NAME);
    assertThat(everyone.operatorIds()).containsExactlyInAnyOrder(anna, ben);
    assertThat(everyone.mode()).isEqualTo(DistributionMode.ALL);

    OfferResult inOrder = offer(fx.conversation(), channel, InQueueOrderPicker.NAME);
    assertThat(inOrder.operatorIds()).containsExactly(anna);
    assertThat(inOrder.mode()).isEqualTo(DistributionMode.STRICT);
    // Anna holds a slot since her offer: the longest since an assignment is Ben.
    OfferResult evenly = offer(fx.conversation(), channel, LongestSinceAssignedPicker.NAME);
    assertThat(evenly.operatorIds()).containsExactly(ben);
    assertThat(evenly.mode()).isEqualTo(DistributionMode.EVENLY);
  }

  @Test
  void withoutAPickerTheChannelsModePicks() {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("unpicked", DistributionMode.ALL, null, anna, ben);

    OfferResult result = offer(fx.conversation(), channel, null);

    assertThat(result.operatorIds()).containsExactlyInAnyOrder(anna, ben);
    assertThat(result.mode()).isEqualTo(DistributionMode.ALL);
  }

  @Test
  void aPickerNoClassHasIsRefusedNamingTheKnownOnes() {
    String channel = fx.channel("misnamed", DistributionMode.STRICT, null, fx.operator("anna"));

    assertThatThrownBy(() -> offer(fx.conversation(), channel, "ROUND_ROBIN"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ROUND_ROBIN")
        .hasMessageContaining("[EVERYONE_AT_ONCE, IN_QUEUE_ORDER, LONGEST_SINCE_ASSIGNED]");
  }

  @Test
  void theReleaseJobOfEarlierModelVersionsWithdrawsTheOfferOrClosesTheConversation() {
    String anna = fx.operator("anna");
    String channel = fx.channel("earlier", DistributionMode.STRICT, 1, anna);
    String c = fx.conversation();
    offer(c, channel, null);
    assertThat(fx.load(anna, channel)).isEqualTo(1);

    assertThat(earlierRelease.release(c, Map.of(EarlierModelReleaseWorker.RELEASE_HEADER, "offer")))
        .containsEntry("answeredMeanwhile", false);
    assertThat(fx.load(anna, channel)).isZero();
    assertThat(routing.offers(c)).extracting(Offer::status).containsExactly(OfferStatus.EXPIRED);

    offer(c, channel, null);
    routing.answer(c, anna);
    earlierRelease.release(c, Map.of(EarlierModelReleaseWorker.RELEASE_HEADER, "conversation"));
    assertThat(routing.isClosed(c)).isTrue();
    assertThat(fx.load(anna, channel)).isZero();
    assertThatThrownBy(() -> earlierRelease.release(c, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be 'offer' or 'conversation'");
  }
}
