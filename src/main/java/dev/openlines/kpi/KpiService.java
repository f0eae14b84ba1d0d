package dev.openlines.kpi;

import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationDeadlineService;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Response-time limits: when a reply is due, and what happens when it is late. */
@Service
public class KpiService {

  private final MongoTemplate mongo;
  private final ChannelLifecycleSettingsService settings;
  private final ConversationDeadlineService deadlines;
  private final SupervisorNotificationStore notifications;
  private final Clock clock;

  public KpiService(
      MongoTemplate mongo, ChannelLifecycleSettingsService settings, ConversationDeadlineService deadlines,
      SupervisorNotificationStore notifications, Clock clock) {
    this.mongo = mongo;
    this.settings = settings;
    this.deadlines = deadlines;
    this.notifications = notifications;
    this.clock = clock;
  }

  /**
   * When the operator's reply becomes late: the limit counted from the client's oldest unanswered
   * message (or from now when no client message waits). Stored as the conversation's KPI deadline.
   *
   * @return empty when the channel does not track that limit
   */
  public Optional<Instant> replyDue(String conversationId, String channelId, KpiLimit limit) {
    Optional<Duration> allowed = kpiSettings(channelId).map(kpi -> kpi.limitFor(limit));
    if (allowed.isEmpty()) {
      deadlines.clear(conversationId, Deadline.KPI_DUE);
      return Optional.empty();
    }
    Query query = Query.query(Criteria.where("_id").is(conversationId));
    query.fields().include("awaitingReplySince");
    Instant waitingSince =
        Optional.ofNullable(mongo.findOne(query, Conversation.class))
            .map(Conversation::getAwaitingReplySince)
            .orElseGet(clock::instant);
    Instant due = waitingSince.plus(allowed.get());
    deadlines.set(conversationId, Deadline.KPI_DUE, due);
    return Optional.of(due);
  }

  /**
   * Records the late reply on the conversation and notifies the channel's supervisors, once per
   * process step however often it is called.
   *
   * @return the notifications stored by this call (none on a repeated call)
   */
  public List<SupervisorNotification> recordBreach(
      String conversationId, String channelId, KpiLimit limit, String operatorId, String step) {
    Instant now = clock.instant();
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId).and("kpiBreaches.step").ne(step)),
        new Update().push("kpiBreaches", new KpiBreach(limit, operatorId, now, step)),
        Conversation.class);
    Optional<KpiSettings> kpi = kpiSettings(channelId);
    if (kpi.isEmpty()) {
      return List.of();
    }
    String text =
        kpi.get().notificationText()
            .replace(KpiSettings.OPERATOR, Objects.requireNonNullElse(operatorId, "no operator"))
            .replace(KpiSettings.DIALOG, conversationId);
    return kpi.get().recipients().stream()
        .distinct()
        .map(recipient -> new SupervisorNotification(
            String.join(":", conversationId, limit.name(), step, recipient),
            recipient, conversationId, operatorId, limit, text, now, null))
        .filter(notifications::storeOnce)
        .toList();
  }

  private Optional<KpiSettings> kpiSettings(String channelId) {
    return settings.find(channelId).map(ChannelLifecycleSettings::kpi);
  }
}
