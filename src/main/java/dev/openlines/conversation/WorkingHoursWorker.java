package dev.openlines.conversation;

import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.WorkingHours;
import dev.openlines.channel.WorkingHoursCalendar;
import dev.openlines.conversation.ConversationDeadlineService;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Service tasks "Check working hours" and "Check the working hours again": tell the process whether the
 * channel is open, when it opens, and whether it queues conversations outside its hours.
 */
@Component
public class WorkingHoursWorker {

  private final ChannelLifecycleSettingsService settings;
  private final ChannelService channels;
  private final WorkingHoursCalendar calendar;
  private final ConversationDeadlineService deadlines;
  private final Clock clock;

  public WorkingHoursWorker(
      ChannelLifecycleSettingsService settings,
      ChannelService channels,
      WorkingHoursCalendar calendar,
      ConversationDeadlineService deadlines,
      Clock clock) {
    this.settings = settings;
    this.channels = channels;
    this.calendar = calendar;
    this.deadlines = deadlines;
    this.clock = clock;
  }

  @JobWorker(type = Workflow.Job.HOURS_CHECK)
  public Map<String, Object> check(
      @Variable(name = Workflow.Variable.CHANNEL_ID) String channelId,
      @Variable(name = Workflow.Variable.CONVERSATION_ID, optional = true) String conversationId) {
    Instant now = clock.instant();
    Optional<WorkingHours> hours = settings.workingHours(channelId);
    // A channel without a schedule is always staffed.
    boolean open = hours.map(schedule -> calendar.isOpen(schedule, now)).orElse(true);
    Optional<Instant> nextOpening =
        hours.isEmpty() ? Optional.of(now) : calendar.nextOpening(hours.get(), now);
    if (conversationId != null) {
      // A conversation waiting for opening time keeps that instant, so a restart can re-arm its timer.
      if (open || nextOpening.isEmpty()) {
        deadlines.clear(conversationId, Deadline.REOPENING);
      } else {
        deadlines.set(conversationId, Deadline.REOPENING, nextOpening.get());
      }
    }
    Map<String, Object> result = new HashMap<>();
    result.put(Workflow.Variable.WITHIN_WORKING_HOURS, open);
    result.put(Workflow.Variable.NEXT_OPENING, nextOpening.map(Instant::toString).orElse(null));
    // Read again with the hours: the admin may have changed it while the conversation waited for the opening.
    result.put(Workflow.Variable.QUEUE_OUTSIDE_WORKING_HOURS, channels.get(channelId).isQueueOutsideWorkingHours());
    return result;
  }
}
