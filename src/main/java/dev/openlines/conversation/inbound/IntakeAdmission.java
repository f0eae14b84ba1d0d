package dev.openlines.conversation.inbound;

import dev.openlines.api.ServiceOverloadedException;
import dev.openlines.conversation.ConversationIntakeStore;
import dev.openlines.workflow.outbox.IngestionProperties;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Admission control for new conversations. While intake runs ahead of what the engine and routing get
 * through, a message that would open a new conversation is refused with 503 and {@code Retry-After}, so
 * the messenger or the visitor's page tries again later instead of the service piling up work it cannot
 * route for minutes. It runs ahead when
 *
 * <ul>
 *   <li>more conversations are still NEW than it routes in {@code maxRouteWait} at its recent rate
 *       ({@link RoutingRate}; at least {@code minNewConversationsAllowed}): a conversation it takes is then
 *       routed within about that time, whatever the machine's rate is;
 *   <li>or more process commands wait in the outbox, or more conversations are still NEW, than the two
 *       hard caps.
 * </ul>
 *
 * Clients held until their channel opens do not count: they wait for the opening, not for the service.
 * Messages of open conversations are always accepted: those clients already wait for an operator.
 *
 * <p>The counts are taken at most once per {@code checkInterval}, not per request, and only when a limit
 * is set (zero switches a limit off).
 */
@Component
class IntakeAdmission {

  private final IngestionProperties.Admission settings;
  private final LongSupplier outboxDepth;
  private final LongSupplier newConversations;
  private final OpenedBetweenCount newConversationsOpened;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final IntakeMeters meters;
  private final RoutingRate routingRate = new RoutingRate();
  private final AtomicReference<Verdict> last = new AtomicReference<>();

  private record Verdict(long takenAtNanos, Instant takenAt, Optional<Overload> overload) {}

  /** @param retryAfter when the caller may expect the conversations waiting now to be routed */
  private record Overload(IntakeMeters.Reason reason, String detail, Duration retryAfter) {}

  /** The longest Retry-After told: a caller who waits longer than this may as well be told to wait for nothing. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

  /** How many new conversations on their way to routing were opened after {@code from}, until {@code until}. */
  @FunctionalInterface
  interface OpenedBetweenCount {
    long count(Instant from, Instant until);
  }

  @Autowired
  IntakeAdmission(
      IngestionProperties properties,
      ProcessCommandOutbox outbox,
      ConversationIntakeStore conversations,
      Clock clock,
      IntakeMeters meters) {
    this(properties.admission(), outbox::depth, conversations::countOnTheWayToRouting,
        conversations::countOnTheWayToRoutingOpened, clock, System::nanoTime, meters);
  }

  IntakeAdmission(
      IngestionProperties.Admission settings,
      LongSupplier outboxDepth,
      LongSupplier newConversations,
      OpenedBetweenCount newConversationsOpened,
      Clock clock,
      LongSupplier nanoTime,
      IntakeMeters meters) {
    this.settings = settings;
    this.outboxDepth = outboxDepth;
    this.newConversations = newConversations;
    this.newConversationsOpened = newConversationsOpened;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.meters = meters;
    meters.watchRoutingRate(routingRate::perSecond);
  }

  /**
   * @param opensNoConversation asked only while overloaded: whether the message belongs to an open conversation
   * @throws ServiceOverloadedException when the message would open a new conversation and none may be opened now
   */
  void admit(BooleanSupplier opensNoConversation) {
    overload().filter(overload -> !opensNoConversation.getAsBoolean()).ifPresent(overload -> {
      meters.refused(overload.reason());
      throw new ServiceOverloadedException(
          "The service is busy and takes no new conversations right now (" + overload.detail() + "). "
              + "Send the message again after the Retry-After time; messages in open conversations are still accepted.",
          overload.retryAfter());
    });
  }

  private Optional<Overload> overload() {
    if (settings.maxOutboxDepth() <= 0 && settings.maxNewConversations() <= 0 && settings.maxRouteWait().isZero()) {
      return Optional.empty();
    }
    Verdict verdict = last.get();
    if (verdict == null || nanoTime.getAsLong() - verdict.takenAtNanos() >= settings.checkInterval().toNanos()) {
      synchronized (this) {
        verdict = last.get();
        long now = nanoTime.getAsLong();
        if (verdict == null || now - verdict.takenAtNanos() >= settings.checkInterval().toNanos()) {
          Instant at = clock.instant();
          verdict = new Verdict(now, at, measure(now, at, verdict == null ? null : verdict.takenAt()));
          last.set(verdict);
        }
      }
    }
    return verdict.overload();
  }

  private Optional<Overload> measure(long nanos, Instant at, Instant previousAt) {
    boolean boundByRate = !settings.maxRouteWait().isZero();
    long waiting = boundByRate || settings.maxNewConversations() > 0 ? newConversations.getAsLong() : 0;
    if (boundByRate) {
      // Sampled at every measurement, whichever limit refuses: a gap would hide what was opened in it.
      routingRate.sample(nanos, waiting, previousAt == null ? 0 : newConversationsOpened.count(previousAt, at));
    }
    if (settings.maxOutboxDepth() > 0) {
      long depth = outboxDepth.getAsLong();
      if (depth > settings.maxOutboxDepth()) {
        return Optional.of(new Overload(IntakeMeters.Reason.OUTBOX_DEPTH,
            depth + " process commands wait for the engine, the limit is " + settings.maxOutboxDepth(), settings.retryAfter()));
      }
    }
    if (settings.maxNewConversations() > 0 && waiting > settings.maxNewConversations()) {
      return Optional.of(new Overload(IntakeMeters.Reason.NEW_CONVERSATIONS,
          waiting + " new conversations wait to be routed, the limit is " + settings.maxNewConversations(),
          timeToRoute(waiting)));
    }
    if (boundByRate) {
      double perSecond = routingRate.perSecond();
      long routedInTime = (long) (perSecond * settings.maxRouteWait().toMillis() / 1000);
      if (waiting > Math.max(settings.minNewConversationsAllowed(), routedInTime)) {
        String allowed = routedInTime > settings.minNewConversationsAllowed()
            ? "more than it routes in " + settings.maxRouteWait().toSeconds() + " s"
            : "more than the " + settings.minNewConversationsAllowed() + " that may wait until it routes faster";
        return Optional.of(new Overload(IntakeMeters.Reason.ROUTE_WAIT, String.format(Locale.ROOT,
            "%d new conversations wait to be routed, %s (%.1f a second lately)", waiting, allowed, perSecond),
            timeToRoute(waiting)));
      }
    }
    return Optional.empty();
  }

  /**
   * About when the conversations waiting now are routed at the recent rate, between the configured Retry-After
   * and {@link #MAX_RETRY_AFTER}. Every refused widget and messenger comes back after it: told the fixed few
   * seconds while the wait is longer, they came back several times each, and their refusals took the CPU the
   * routing needed (bench/RESULTS.md, seventeenth sitting).
   */
  private Duration timeToRoute(long waiting) {
    double perSecond = routingRate.perSecond();
    if (perSecond <= 0) {
      return settings.retryAfter();
    }
    Duration estimate = Duration.ofMillis((long) Math.ceil(waiting / perSecond * 1000));
    if (estimate.compareTo(settings.retryAfter()) < 0) {
      return settings.retryAfter();
    }
    return estimate.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : estimate;
  }
}
