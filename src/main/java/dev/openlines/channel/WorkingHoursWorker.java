package dev.openlines.channel;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Service task "Check working hours": tells the process whether the channel is open and when it opens. */
@Component
public class WorkingHoursWorker {

  private final ChannelLifecycleSettingsService settings;
  private final WorkingHoursCalendar calendar;
  private final Clock clock;

  public WorkingHoursWorker(ChannelLifecycleSettingsService settings, WorkingHoursCalendar calendar, Clock clock) {
    this.settings = settings;
    this.calendar = calendar;
    this.clock = clock;
  }

  @JobWorker(type = Workflow.Job.HOURS_CHECK)
  public Map<String, Object> check(@Variable(name = Workflow.Variable.CHANNEL_ID) String channelId) {
    Instant now = clock.instant();
    Optional<WorkingHours> hours = settings.workingHours(channelId);
    // A channel without a schedule is always staffed.
    boolean open = hours.map(schedule -> calendar.isOpen(schedule, now)).orElse(true);
    Optional<Instant> nextOpening =
        hours.isEmpty() ? Optional.of(now) : calendar.nextOpening(hours.get(), now);
    Map<String, Object> result = new HashMap<>();
    result.put(Workflow.Variable.WITHIN_WORKING_HOURS, open);
    result.put(Workflow.Variable.NEXT_OPENING, nextOpening.map(Instant::toString).orElse(null));
    return result;
  }
}
