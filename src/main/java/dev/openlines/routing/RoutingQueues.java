package dev.openlines.routing;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which queue a conversation is offered from: its channel's, another channel's or one department of its
 * channel (as the decision table {@code distribution} chose), or only the colleague it was transferred to.
 */
@Component
class RoutingQueues {

  private static final Logger log = LoggerFactory.getLogger(RoutingQueues.class);

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final OperatorAvailability availability;
  private final Clock clock;

  RoutingQueues(MongoTemplate mongo, ChannelService channels, OperatorAvailability availability, Clock clock) {
    this.mongo = mongo;
    this.channels = channels;
    this.availability = availability;
    this.clock = clock;
  }

  RoutingQueue queueFor(OfferRequest request) {
    if (!isBlank(request.transferToOperatorId())) {
      // Transferred to a colleague: the conversation's channel settings, with only that colleague queued.
      return onlyOperator(request.channelId(), request.transferToOperatorId());
    }
    if (!isBlank(request.transferToChannelId())) {
      return resolve(request.transferToChannelId(), request.distributionOrQueue());
    }
    return resolve(request.channelId(), request.distributionOrQueue());
  }

  /**
   * A conversation transferred to a colleague by name waits for that colleague only while they can take it
   * and have not let it go: once they are offline, away, on vacation or at their limit, or skipped it or let
   * its idle time run out, it goes to its channel's queue instead of waiting for them next to free colleagues.
   */
  OfferRequest colleagueOrOwnQueue(OfferRequest request) {
    String colleague = request.targetOperatorId();
    if (colleague == null) {
      return request;
    }
    Query earlier = Query.query(Criteria.where("_id").is(request.conversationId()));
    earlier.fields().include("targetOperatorId", "tried", "skippedBy", "colleagueLetGo");
    ConversationRouting state = mongo.findOne(earlier, ConversationRouting.class);
    boolean letItGo = state != null && (colleague.equals(state.getColleagueLetGo()) || (colleague.equals(state.getTargetOperatorId())
        && (state.getTried().contains(colleague) || state.getSkippedBy().contains(colleague))));
    if (!letItGo && canTake(colleague, request.channelId())) {
      return request;
    }
    if (state != null && !colleague.equals(state.getColleagueLetGo())) {
      // Kept until the next transfer, so that the queue keeps it even when the colleague is back later.
      mongo.updateFirst(earlier, Update.update("colleagueLetGo", colleague), ConversationRouting.class);
    }
    return request.toOwnQueue();
  }

  /** The channel's settings with only this operator queued (the responsible operator, a transfer's colleague). */
  RoutingQueue onlyOperator(String channelId, String operatorId) {
    OpenChannel home = channels.get(channelId);
    return new RoutingQueue(home.getId(), home.getTimeZone(), withEntries(home.getQueue(), QueueEntry.operator(operatorId)));
  }

  /**
   * The department the conversation is queued for, only when the queue really is that department (a
   * department nobody belongs to falls back to the channel's queue); null otherwise.
   */
  static String departmentOf(Distribution distribution, RoutingQueue queue) {
    return distribution.targetOrQueue() == RoutingTarget.OTHER_QUEUE
            && isBlank(distribution.targetChannelId())
            && !isBlank(distribution.targetDepartmentId())
            && queue.settings().entries().equals(List.of(QueueEntry.department(distribution.targetDepartmentId())))
        ? distribution.targetDepartmentId()
        : null;
  }

  /**
   * The distribution mode of the channel whose queue takes the conversation when the decision table
   * keeps it in its channel: the channel it was transferred to, else its own.
   */
  DistributionMode channelMode(String channelId, String transferToChannelId) {
    return channels.get(isBlank(transferToChannelId) ? channelId : transferToChannelId).getQueue().mode();
  }

  /**
   * Whether the operator is online and could take a conversation of the channel now (input "responsible
   * operator online" of the decision table).
   */
  boolean canTake(String operatorId, String channelId) {
    if (isBlank(operatorId)) {
      return false;
    }
    OpenChannel channel = channels.get(channelId);
    QueueSettings settings = channel.getQueue();
    // "Online" for the responsible operator means present, whether or not the channel checks presence.
    QueueSettings onlyThem =
        new QueueSettings(
            List.of(QueueEntry.operator(operatorId)),
            settings.mode(),
            settings.idleTime(),
            settings.chatLimit(),
            settings.limitExclusion(),
            true);
    RoutingQueue queue = new RoutingQueue(channel.getId(), channel.getTimeZone(), onlyThem);
    return !availability.available(queue, LocalDate.ofInstant(clock.instant(), channel.getTimeZone())).isEmpty();
  }

  private RoutingQueue resolve(String channelId, Distribution distribution) {
    OpenChannel home = channels.get(channelId);
    if (distribution.targetOrQueue() != RoutingTarget.OTHER_QUEUE) {
      return new RoutingQueue(home.getId(), home.getTimeZone(), home.getQueue());
    }
    if (!isBlank(distribution.targetChannelId())) {
      OpenChannel other = channels.get(distribution.targetChannelId());
      return new RoutingQueue(other.getId(), other.getTimeZone(), other.getQueue());
    }
    if (!isBlank(distribution.targetDepartmentId())) {
      if (!mongo.exists(
          Query.query(Criteria.where("departmentIds").is(distribution.targetDepartmentId())), Operator.class)) {
        // A rule naming a department nobody belongs to must not strand the conversation.
        log.warn(
            "The distribution decision chose department '{}', which has no operators: using channel {}'s queue",
            distribution.targetDepartmentId(),
            home.getId());
        return new RoutingQueue(home.getId(), home.getTimeZone(), home.getQueue());
      }
      return new RoutingQueue(
          home.getId(),
          home.getTimeZone(),
          withEntries(home.getQueue(), QueueEntry.department(distribution.targetDepartmentId())));
    }
    throw new IllegalArgumentException(
        "The distribution decision chose OTHER_QUEUE without a target channel or department: fill in one of them");
  }

  private static QueueSettings withEntries(QueueSettings settings, QueueEntry entry) {
    return new QueueSettings(
        List.of(entry),
        settings.mode(),
        settings.idleTime(),
        settings.chatLimit(),
        settings.limitExclusion(),
        settings.checkAvailability());
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
