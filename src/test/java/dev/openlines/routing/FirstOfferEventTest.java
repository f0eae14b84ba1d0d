package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.OperatorService;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** The time-to-offer meter hears of a conversation's first offer once, not of later rounds. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RecordApplicationEvents
class FirstOfferEventTest {

  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ApplicationEvents events;

  @Test
  void onlyTheFirstOfferOfAConversationIsAnnounced() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel("first-offer", DistributionMode.STRICT, null, anna, ben);
    String conversation = fx.conversation();

    routing.offer("attempt-" + UUID.randomUUID(), new OfferRequest(conversation, channel, null, null));
    routing.withdraw(conversation);
    routing.offer("attempt-" + UUID.randomUUID(), new OfferRequest(conversation, channel, null, null));

    assertThat(events.stream(ConversationFirstOffered.class).filter(e -> e.conversationId().equals(conversation)))
        .hasSize(1);
    assertThat(routing.state(conversation).orElseThrow().getFirstOfferedAt()).isNotNull();
  }
}
