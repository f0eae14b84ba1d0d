package dev.openlines.kpi;

import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ClientMailSettingsService;
import dev.openlines.channel.KpiLimit;
import dev.openlines.channel.KpiNotification;
import dev.openlines.channel.KpiSettings;
import dev.openlines.conversation.ConversationDeadlineService;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.conversation.ConversationResponseTimes;
import dev.openlines.conversation.KpiBreach;
import dev.openlines.operator.OperatorNotFoundException;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.OpenOffer;
import dev.openlines.routing.RoutingService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Response-time limits: when a reply is due, and what happens when it is late. */
@Service
public class KpiService {

  private static final Logger log = LoggerFactory.getLogger(KpiService.class);

  private final ConversationResponseTimes responseTimes;
  private final ChannelLifecycleSettingsService settings;
  private final ConversationDeadlineService deadlines;
  private final SupervisorNotificationStore notifications;
  private final RoutingService routing;
  private final KpiMeters meters;
  private final OperatorService operators;
  private final ConsoleLinks links;
  private final ClientMailSettingsService languages;
  private final Clock clock;

  public KpiService(
      ConversationResponseTimes responseTimes, ChannelLifecycleSettingsService settings, ConversationDeadlineService deadlines,
      SupervisorNotificationStore notifications, RoutingService routing, KpiMeters meters, OperatorService operators,
      ConsoleLinks links, ClientMailSettingsService languages, Clock clock) {
    this.responseTimes = responseTimes;
    this.settings = settings;
    this.deadlines = deadlines;
    this.notifications = notifications;
    this.routing = routing;
    this.meters = meters;
    this.operators = operators;
    this.links = links;
    this.languages = languages;
    this.clock = clock;
  }

  /**
   * When the operator's reply becomes late: the limit counted from the client's oldest unanswered
   * message (or from now when no client message waits). Stored as the conversation's KPI deadline.
   *
   * <p>The subsequent-response clock runs only while an operator holds the conversation: while it
   * waits for one, the first-response limit covers the wait, and a supervisor must not hear of a late
   * reply in a conversation nobody has. So it counts from the later of the client's message and the
   * moment the operator took the conversation.
   *
   * @return empty when the channel does not track that limit, or (subsequent response) nobody holds
   *     the conversation
   */
  public Optional<Instant> replyDue(String conversationId, String channelId, KpiLimit limit) {
    Optional<Duration> allowed = kpiSettings(channelId).map(kpi -> kpi.limitFor(limit));
    Optional<Instant> heldSince = limit == KpiLimit.SUBSEQUENT_RESPONSE ? routing.heldSince(conversationId) : Optional.of(Instant.MIN);
    if (allowed.isEmpty() || heldSince.isEmpty()) {
      deadlines.clear(conversationId, Deadline.KPI_DUE);
      return Optional.empty();
    }
    Instant waitingSince = responseTimes.clientWaitingSince(conversationId).orElseGet(clock::instant);
    Instant due = latest(waitingSince, heldSince.get()).plus(allowed.get());
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
    if (limit == KpiLimit.SUBSEQUENT_RESPONSE && routing.heldSince(conversationId).isEmpty()) {
      // The clock ran out after the operator gave the conversation up (transfer) or it was closed.
      log.info("Reply limit of conversation {} ran out while no operator holds it: not reported", conversationId);
      return List.of();
    }
    Instant now = clock.instant();
    if (responseTimes.recordBreach(conversationId, new KpiBreach(limit, operatorId, now, step))) {
      meters.breached(channelId, limit);
    }
    Optional<KpiNotification> notification = kpiSettings(channelId).flatMap(kpi -> kpi.notificationFor(limit));
    if (notification.isEmpty()) {
      return List.of();
    }
    String text =
        notification.get().text()
            .replace(KpiSettings.OPERATOR, operatorNames(conversationId, channelId, operatorId))
            .replace(KpiSettings.DIALOG, links.conversation(conversationId));
    return notification.get().recipients().stream()
        .distinct()
        .map(recipient -> new SupervisorNotification(
            String.join(":", conversationId, limit.name(), step, recipient),
            recipient, conversationId, operatorId, limit, text, now, null))
        .filter(notifications::storeOnce)
        .toList();
  }

  /** "Nobody" in the channel's language (the one its client mails use), when nobody has or was offered the chat. */
  private static final Map<String, String> NOBODY = Map.of("en", "nobody", "de", "niemand", "ru", "никто");

  /**
   * Who is late: the operator who holds the conversation; while it is only offered (a first reply nobody
   * gave yet), the operators it is offered to; else "nobody".
   */
  private String operatorNames(String conversationId, String channelId, String operatorId) {
    if (operatorId != null) {
      return operatorName(operatorId);
    }
    List<String> offeredTo = routing.openOffer(conversationId).map(OpenOffer::operatorIds).orElse(List.of());
    if (offeredTo.isEmpty()) {
      return NOBODY.getOrDefault(languages.of(channelId).language(), NOBODY.get("en"));
    }
    return String.join(", ", offeredTo.stream().map(this::operatorName).toList());
  }

  /** Supervisors read names, not ids; an operator removed since keeps their id. */
  private String operatorName(String operatorId) {
    try {
      return operators.get(operatorId).getName();
    } catch (OperatorNotFoundException gone) {
      return operatorId;
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private Optional<KpiSettings> kpiSettings(String channelId) {
    return settings.find(channelId).map(ChannelLifecycleSettings::kpi);
  }
}
