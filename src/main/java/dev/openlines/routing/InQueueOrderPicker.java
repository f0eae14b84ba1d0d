package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.Operator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * STRICT: the first available operator in queue order whom this pass has not tried yet gets a reserved
 * slot and the offer; when everyone was tried, the pass starts again at the top of the queue.
 */
@Component
class InQueueOrderPicker implements OperatorPicker {

  static final String NAME = "IN_QUEUE_ORDER";

  private final OperatorAvailability availability;
  private final OpenOffers offers;

  InQueueOrderPicker(OperatorAvailability availability, OpenOffers offers) {
    this.availability = availability;
    this.offers = offers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DistributionMode mode() {
    return DistributionMode.STRICT;
  }

  @Override
  public List<String> offer(Round round) {
    List<Operator> untried = availability.available(round.queue(), round.today(), round.before().getTried());
    boolean startOver = untried.isEmpty();
    for (Operator operator : startOver ? availability.available(round.queue(), round.today(), Set.of()) : untried) {
      if (offers.reserveAndOffer(round.conversationId(), round.queue(), round.number(), operator.getId(), startOver, round.now())) {
        return List.of(operator.getId());
      }
    }
    return List.of();
  }
}
