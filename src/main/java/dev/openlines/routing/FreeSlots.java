package dev.openlines.routing;

import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The free slots of one channel at one instant, per operator, shared by every conversation that can
 * use them: the channel's queue, or one department or colleague the conversation was sent to.
 */
final class FreeSlots {

  private final OperatorAvailability availability;
  private final OpenChannel channel;
  private final LocalDate today;
  private final Map<String, List<String>> eligibleByTarget = new HashMap<>();
  private final Map<String, Integer> free = new HashMap<>();
  private final Map<String, String> takenFor = new HashMap<>();

  FreeSlots(OperatorAvailability availability, OpenChannel channel, LocalDate today) {
    this.availability = availability;
    this.channel = channel;
    this.today = today;
  }

  /**
   * Reads now the operators who can take these conversations and their free slots, instead of at the
   * first {@link #take}: for a caller that must know the slots as they were before a later read.
   */
  void readFor(List<ConversationRouting> conversations) {
    conversations.forEach(this::eligible);
  }

  /** Takes one free slot of an operator who can take the conversation; false when there is none. */
  boolean take(ConversationRouting c) {
    for (String operatorId : eligible(c)) {
      int left = free.get(operatorId);
      if (left > 0) {
        free.put(operatorId, left - 1);
        takenFor.put(c.getConversationId(), operatorId);
        return true;
      }
    }
    return false;
  }

  /** Gives back the slot {@link #take} took for the conversation, if it took one. */
  void putBack(ConversationRouting c) {
    String operatorId = takenFor.remove(c.getConversationId());
    if (operatorId != null) {
      free.merge(operatorId, 1, Integer::sum);
    }
  }

  boolean anyFor(ConversationRouting c) {
    return eligible(c).stream().anyMatch(id -> free.get(id) > 0);
  }

  private List<String> eligible(ConversationRouting c) {
    QueueEntry target =
        c.getTargetOperatorId() != null
            ? QueueEntry.operator(c.getTargetOperatorId())
            : c.getDepartmentId() != null ? QueueEntry.department(c.getDepartmentId()) : null;
    String key = target == null ? "" : target.kind() + ":" + target.id();
    return eligibleByTarget.computeIfAbsent(key, k -> available(target));
  }

  private List<String> available(QueueEntry target) {
    QueueSettings settings = channel.getQueue();
    QueueSettings queue =
        target == null
            ? settings
            : new QueueSettings(
                List.of(target),
                settings.mode(),
                settings.idleTime(),
                settings.chatLimit(),
                settings.limitExclusion(),
                settings.checkAvailability());
    List<Operator> operators =
        availability.available(new RoutingQueue(channel.getId(), channel.getTimeZone(), queue), today);
    for (Operator operator : operators) {
      free.putIfAbsent(
          operator.getId(),
          settings.hasChatLimit() ? settings.chatLimit() - operator.loadIn(channel.getId()) : Integer.MAX_VALUE);
    }
    return operators.stream().map(Operator::getId).toList();
  }
}
