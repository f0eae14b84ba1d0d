package dev.openlines.routing;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Runs the routing reconciler's look for offers left with an operator who is off the line, over every offer
 * made until now, so a test can say "after such a pass" without waiting for the scheduled one (which only
 * looks at offers a few seconds old).
 */
@Component
public class StrandedOfferPasses {

  private final IneligibleOperatorOffers ineligible;
  private final Clock clock;

  StrandedOfferPasses(IneligibleOperatorOffers ineligible, Clock clock) {
    this.ineligible = ineligible;
    this.clock = clock;
  }

  public void runOverEveryOfferMadeUntilNow() {
    ineligible.passOnStranded(clock.instant().plusMillis(1));
  }
}
