package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.Operator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ALL: every available operator of the queue who has not skipped the conversation sees the offer at
 * once. No slot is reserved: the first to answer takes one; the offer does not expire.
 */
@Component
class EveryoneAtOncePicker implements OperatorPicker {

  static final String NAME = "EVERYONE_AT_ONCE";

  private final OperatorAvailability availability;
  private final OpenOffers offers;

  EveryoneAtOncePicker(OperatorAvailability availability, OpenOffers offers) {
    this.availability = availability;
    this.offers = offers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DistributionMode mode() {
    return DistributionMode.ALL;
  }

  @Override
  public List<String> offer(Round round) {
    List<String> offeredTo = new ArrayList<>();
    for (Operator operator : availability.available(round.queue(), round.today())) {
      if (!round.before().getSkippedBy().contains(operator.getId())) {
        offers.record(round.conversationId(), round.queue().channelId(), operator.getId(), round.number(), round.now(), null);
        offeredTo.add(operator.getId());
      }
    }
    return offeredTo;
  }
}
