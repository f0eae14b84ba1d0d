package dev.openlines.supervision;

import dev.openlines.channel.OpenChannel;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationDeadlines;
import dev.openlines.conversation.ConversationQueries;
import dev.openlines.conversation.ConversationReads;
import dev.openlines.conversation.ConversationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Conversations whose process has an incident, could not deliver a message, or is stuck. Stuck means:
 * NEW (but for a client held until the channel opens) or OFFERED for longer than the channel's idle time
 * plus the margin (routing should have moved it on), or a stored timer deadline passed more than the margin
 * ago while the conversation is still open (a missed opening among them; a reply deadline whose late reply was
 * reported did its work).
 */
@Service
class ProcessHealthService {

  private static final Set<ConversationStatus> MOVES_WITHIN_IDLE_TIME = EnumSet.of(ConversationStatus.NEW, ConversationStatus.OFFERED);

  private final MongoTemplate mongo;
  private final ConversationReads conversations;
  private final ConversationQueries queries;
  private final ProcessIncidentStore incidents;
  private final SupervisionProperties properties;
  private final Clock clock;

  ProcessHealthService(
      MongoTemplate mongo,
      ConversationReads conversations,
      ConversationQueries queries,
      ProcessIncidentStore incidents,
      SupervisionProperties properties,
      Clock clock) {
    this.mongo = mongo;
    this.conversations = conversations;
    this.queries = queries;
    this.incidents = incidents;
    this.properties = properties;
    this.clock = clock;
  }

  List<HealthIssue> issues() {
    Instant now = clock.instant();
    List<HealthIssue> issues = new ArrayList<>();
    for (ProcessIncident incident : incidents.all()) {
      Conversation conversation = conversations.find(incident.conversationId()).orElse(null);
      issues.add(new HealthIssue(
          incident.conversationId(),
          conversation == null ? null : conversation.getChannelId(),
          conversation == null ? null : conversation.getStatus(),
          HealthIssue.Kind.INCIDENT,
          "Step '" + incident.elementId() + "' (job " + incident.jobType() + ") failed with no retries left: " + incident.reason(),
          incident.raisedAt()));
    }
    Map<String, Duration> idleTimes = new HashMap<>();
    for (Conversation conversation : queries.liveOrUndelivered()) {
      if (conversation.getLastDeliveryFailure() != null) {
        var failure = conversation.getLastDeliveryFailure();
        issues.add(issue(conversation, HealthIssue.Kind.DELIVERY_FAILED,
            (failure.permanent() ? "The messenger refused message " : "Retries ran out delivering message ")
                + failure.messageId() + ": " + failure.reason(),
            failure.at()));
      }
      if (ConversationQueries.LIVE.contains(conversation.getStatus())) {
        stuckReason(conversation, now, idleTimes).ifPresent(issues::add);
      }
    }
    issues.sort(Comparator.comparing(HealthIssue::since, Comparator.nullsLast(Comparator.naturalOrder())));
    return issues;
  }

  private Optional<HealthIssue> stuckReason(Conversation conversation, Instant now, Map<String, Duration> idleTimes) {
    Duration margin = properties.stuckMargin();
    ConversationDeadlines deadlines = conversation.getDeadlines();
    if (deadlines != null) {
      for (ConversationDeadlines.Deadline kind : ConversationDeadlines.Deadline.values()) {
        Instant due = deadlines.get(kind);
        if (due != null && due.plus(margin).isBefore(now) && !conversation.lateReplyReported(kind, due)) {
          return Optional.of(issue(conversation, HealthIssue.Kind.STUCK,
              "Its " + kind.name().toLowerCase().replace('_', ' ') + " deadline " + due + " passed over " + margin + " ago and nothing happened",
              due));
        }
      }
    }
    if (MOVES_WITHIN_IDLE_TIME.contains(conversation.getStatus()) && conversation.getUpdatedAt() != null
        && !conversation.isHeldUntilOpening()) {
      Duration idle = idleTimes.computeIfAbsent(conversation.getChannelId(), id ->
          Optional.ofNullable(mongo.findById(id, OpenChannel.class)).map(c -> c.getQueue().idleTime()).orElse(Duration.ZERO));
      Duration still = Duration.between(conversation.getUpdatedAt(), now);
      if (still.compareTo(idle.plus(margin)) > 0) {
        return Optional.of(issue(conversation, HealthIssue.Kind.STUCK,
            conversation.getStatus() + " for " + still.toMinutes() + " min, longer than the channel's idle time ("
                + idle.toMinutes() + " min) plus " + margin.toMinutes() + " min",
            conversation.getUpdatedAt()));
      }
    }
    return Optional.empty();
  }

  private static HealthIssue issue(Conversation conversation, HealthIssue.Kind kind, String reason, Instant since) {
    return new HealthIssue(conversation.getId(), conversation.getChannelId(), conversation.getStatus(), kind, reason, since);
  }
}
