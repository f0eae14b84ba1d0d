package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.Operator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * EVENLY: the available operator whose last assignment is longest ago (never assigned first) gets a
 * reserved slot and the offer, so the conversations spread evenly over the queue. Queue order plays no
 * part; neither does how many conversations the operator holds now (the limit only caps it).
 */
@Component
class LongestSinceAssignedPicker implements OperatorPicker {

  static final String NAME = "LONGEST_SINCE_ASSIGNED";
  /** Operators read per query, enough for the first reservation to succeed nearly always. */
  static final int PAGE = 5;
  /** Never assigned (null) first, then the longest ago; the id breaks ties so the order is stable. */
  private static final Sort LONGEST_SINCE_ASSIGNED = Sort.by("lastAssignedAt", "_id");

  private final OperatorAvailability availability;
  private final OpenOffers offers;

  LongestSinceAssignedPicker(OperatorAvailability availability, OpenOffers offers) {
    this.availability = availability;
    this.offers = offers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DistributionMode mode() {
    return DistributionMode.EVENLY;
  }

  @Override
  public List<String> offer(Round round) {
    // A few at a time, sorted and limited by the store; those whose slot is gone are not read again.
    Set<String> refused = new HashSet<>();
    while (true) {
      List<Operator> next = availability.candidates(round.queue(), refused, LONGEST_SINCE_ASSIGNED, PAGE);
      for (Operator operator : next) {
        if (availability.isAvailable(operator, round.queue(), round.today())
            && offers.reserveAndOffer(round.conversationId(), round.queue(), round.number(), operator.getId(), false, round.now())) {
          return List.of(operator.getId());
        }
        refused.add(operator.getId());
      }
      if (next.size() < PAGE) {
        return List.of();
      }
    }
  }
}
