package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Gives free slots to waiting conversations. Every event that frees or adds capacity (a slot given
 * back, an operator present again, a channel's queue or limit changed: {@link CapacityEvents}) drains the
 * channel: it counts the free slots of the operators who can take its waiting conversations, subtracts the
 * offers already on their way, and wakes (message {@code operator-available}) that many waiting conversations, the
 * longest-waiting first. Each wake claims the conversation first (WAITING -> WOKEN, one conditional
 * update), so two releases at the same instant wake two different conversations. Nothing polls: the
 * {@link RoutingReconciler} only repairs what an event missed, and counts it.
 */
@Component
class WaitingConversations {

  /** Upper bound of conversations woken per channel and event. */
  static final int MAX_WOKEN = 50;
  /** How many routed, woken or waiting conversations of a channel one drain looks at, in queue order. */
  static final int MAX_SCANNED = 500;
  /** A woken conversation whose offer has not started after this long lost its wake-up message. */
  static final Duration WOKEN_GRACE = ConversationMessages.TIME_TO_LIVE.plusSeconds(2);
  /** A conversation routed for longer than this is stuck (an incident), not an offer on its way. */
  static final Duration IN_FLIGHT = Duration.ofSeconds(30);
  static final String REPAIRS_METER = "openlines.routing.reconciler.repairs";
  private static final Logger log = LoggerFactory.getLogger(WaitingConversations.class);

  private final MongoTemplate mongo;
  private final ConversationMessages messages;
  private final OperatorAvailability availability;
  private final Clock clock;
  private final Counter repairs;

  WaitingConversations(
      MongoTemplate mongo,
      ConversationMessages messages,
      OperatorAvailability availability,
      Clock clock,
      MeterRegistry meters) {
    this.mongo = mongo;
    this.messages = messages;
    this.availability = availability;
    this.clock = clock;
    this.repairs =
        Counter.builder(REPAIRS_METER)
            .description("Waiting conversations woken by the safety net because an event missed them (should stay 0)")
            .register(meters);
  }

  /**
   * The action that freed the capacity (an operator's close, an admin's save, an offer job) must not
   * fail because the drain did: what it missed, the reconciler wakes (and counts).
   */
  void drainSafely(String channelId) {
    try {
      drain(channelId, null, null);
    } catch (RuntimeException e) {
      log.warn("Could not offer channel {}'s free slots to its waiting conversations", channelId, e);
    }
  }

  /**
   * Routing found nobody for a conversation of the channel, which now waits. A slot freed while it was
   * being routed was counted for it by that release's drain, so the channel is drained once more.
   */
  void conversationWaits(String channelId) {
    drainSafely(channelId);
  }

  /**
   * The safety net: wakes conversations of the channel that wait since before {@code stalledBefore}
   * although an operator who can take them has a free slot, and counts each as a repair. A conversation
   * is woken only when the previous pass already saw it next to a free slot ({@code suspects}): a slot
   * freed a moment ago is the releasing event's to offer, and waking for it would race that event.
   * Woken conversations whose wake-up message was lost are woken again at once.
   *
   * @return how many were woken
   */
  int repairStalled(String channelId, Instant stalledBefore, Suspects suspects) {
    return drain(channelId, stalledBefore, suspects);
  }

  /**
   * Conversations one reconciler pass found waiting next to a free slot, with the instant they started
   * waiting; the next pass repairs those it finds again in the same wait.
   */
  static final class Suspects {
    private final Map<String, Instant> previous;
    private final Map<String, Instant> seen = new HashMap<>();

    Suspects(Map<String, Instant> previous) {
      this.previous = previous;
    }

    /** Records the conversation as seen stalled; true when the previous pass saw it in the same wait. */
    boolean seenAgain(ConversationRouting c) {
      seen.put(c.getConversationId(), c.getStatusSince());
      return c.getStatusSince() != null && c.getStatusSince().equals(previous.get(c.getConversationId()));
    }

    Map<String, Instant> seen() {
      return seen;
    }
  }

  /**
   * @param stalledBefore null for the normal path; else only conversations stalled since before it are
   *     woken, each counted as a repair
   * @param suspects the reconciler's record of stalled conversations, null for the normal path
   * @return how many conversations were woken
   */
  private int drain(String channelId, Instant stalledBefore, Suspects suspects) {
    OpenChannel channel = mongo.findById(channelId, OpenChannel.class);
    if (channel == null || channel.getQueue() == null) {
      return 0;
    }
    Instant now = clock.instant();
    Query query =
        Query.query(
                Criteria.where("queueChannelId")
                    .is(channelId)
                    .and("status")
                    .in(RoutingStatus.WAITING, RoutingStatus.WOKEN, RoutingStatus.ROUTING))
            .with(Sort.by("queuedSince", "_id"))
            .limit(MAX_SCANNED);
    query.fields().include("_id", "status", "statusSince", "departmentId", "targetOperatorId");
    List<ConversationRouting> line = mongo.find(query, ConversationRouting.class);
    if (line.stream().noneMatch(c -> c.getStatus() != RoutingStatus.ROUTING)) {
      return 0;
    }
    FreeSlots slots = new FreeSlots(availability, channel, LocalDate.ofInstant(now, channel.getTimeZone()));
    boolean toEveryone = channel.getQueue().mode() == DistributionMode.ALL;
    List<ConversationRouting> candidates = new ArrayList<>();
    // The slots first, then which offers on their way hold one already. The other way round, an offer
    // reserving its slot between the two reads looks unreserved and takes a second slot, which then stays
    // unoffered until the reconciler repairs it. In this order the same offer at worst wakes one
    // conversation too many, which finds nobody and waits again.
    slots.readFor(line);
    Set<String> reserved = toEveryone ? Set.of() : alreadyReserved(line, now);
    // Offers on their way take their slots first: counting them after the waiting ones would wake
    // conversations for slots the offers are about to reserve. One that has reserved its slot already is
    // in its operator's load: taking a slot for it again would leave a free slot unoffered.
    for (ConversationRouting c : line) {
      boolean lostWakeUp = c.getStatus() == RoutingStatus.WOKEN && !isRecent(c, WOKEN_GRACE, now);
      boolean onItsWay =
          (c.getStatus() == RoutingStatus.ROUTING && isRecent(c, IN_FLIGHT, now))
              || (c.getStatus() == RoutingStatus.WOKEN && !lostWakeUp);
      if (onItsWay) {
        if (!toEveryone && !reserved.contains(c.getConversationId())) {
          slots.take(c);
        }
      } else if (lostWakeUp
          || (c.getStatus() == RoutingStatus.WAITING && (stalledBefore == null || !isAfter(c, stalledBefore)))) {
        candidates.add(c);
      }
    }
    int woken = 0;
    for (ConversationRouting c : candidates) {
      if (woken >= MAX_WOKEN || !(toEveryone ? slots.anyFor(c) : slots.take(c))) {
        continue;
      }
      boolean lostWakeUp = c.getStatus() == RoutingStatus.WOKEN;
      if (suspects != null && !lostWakeUp && !suspects.seenAgain(c)) {
        continue;
      }
      boolean repair = stalledBefore != null || lostWakeUp;
      if (claim(c, repair, now)) {
        woken++;
        if (repair) {
          repairs.increment();
          log.warn(
              "Repair: conversation {} was {} since {} next to a free slot in channel {}; woken again",
              c.getConversationId(),
              c.getStatus(),
              c.getStatusSince(),
              channelId);
        }
        publish(c.getConversationId());
      } else if (!toEveryone && !onItsWayWithoutASlot(c.getConversationId())) {
        // Changed since this one read the line: an offer that has reserved its slot is in its operator's
        // load already, so the slot taken for it here would stay unoffered; one that ended needs none.
        slots.putBack(c);
      }
    }
    return woken;
  }

  /**
   * Whether a conversation another drain (or its own timer) took from the line meanwhile is on its way to an
   * offer without a slot reserved yet. Such a round takes one of the free slots this drain counted: handing
   * that slot to the next in line as well wakes one conversation too many, and the round that loses the race
   * for it may be the older one, which then waits behind a younger client.
   */
  private boolean onItsWayWithoutASlot(String conversationId) {
    Query now = Query.query(Criteria.where("_id").is(conversationId));
    now.fields().include("status");
    ConversationRouting c = mongo.findOne(now, ConversationRouting.class);
    if (c == null || (c.getStatus() != RoutingStatus.WOKEN && c.getStatus() != RoutingStatus.ROUTING)) {
      return false;
    }
    return !mongo.exists(Query.query(Criteria.where("counted").is(conversationId)), Operator.class);
  }

  /** The conversations of the line on their way to an offer that some operator's load counts already. */
  private Set<String> alreadyReserved(List<ConversationRouting> line, Instant now) {
    List<String> onTheirWay = line.stream()
        .filter(c -> c.getStatus() == RoutingStatus.ROUTING || c.getStatus() == RoutingStatus.WOKEN)
        .map(ConversationRouting::getConversationId)
        .toList();
    if (onTheirWay.isEmpty()) {
      return Set.of();
    }
    Query holders = Query.query(Criteria.where("counted").in(onTheirWay));
    holders.fields().include("counted");
    Set<String> reserved = new java.util.HashSet<>();
    for (Operator operator : mongo.find(holders, Operator.class)) {
      operator.getCounted().stream().filter(onTheirWay::contains).forEach(reserved::add);
    }
    return reserved;
  }

  /** WAITING (or a WOKEN whose message was lost) -> WOKEN; false when something else changed it first. */
  private boolean claim(ConversationRouting c, boolean repair, Instant now) {
    Criteria unchanged = Criteria.where("_id").is(c.getConversationId()).and("status").is(c.getStatus());
    if (c.getStatus() == RoutingStatus.WOKEN) {
      unchanged = unchanged.and("statusSince").is(c.getStatusSince());
    }
    Query query = Query.query(unchanged);
    query.fields().include("_id");
    Update update = new Update().set("status", RoutingStatus.WOKEN).set("statusSince", now);
    if (repair) {
      // Kept on the conversation too, so that a repair can be traced to the conversation it saved.
      update.inc("repairs", 1);
    }
    return mongo.findAndModify(query, update, ConversationRouting.class) != null;
  }

  void publish(String conversationId) {
    try {
      messages.operatorAvailable(conversationId);
    } catch (RuntimeException e) {
      // The operator's own action must not fail because the engine is briefly unreachable; the
      // conversation stays WOKEN and the next drain or the reconciler wakes it again.
      log.warn("Could not tell conversation {} that an operator is available", conversationId, e);
    }
  }

  private static boolean isRecent(ConversationRouting c, Duration within, Instant now) {
    return c.getStatusSince() == null || c.getStatusSince().isAfter(now.minus(within));
  }

  private static boolean isAfter(ConversationRouting c, Instant instant) {
    return c.getStatusSince() != null && c.getStatusSince().isAfter(instant);
  }
}
