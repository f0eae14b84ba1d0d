package dev.openlines.channel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.ZoneId;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An open channel (a "line"): the messengers connected to it land here, and its settings decide how
 * its conversations are handled. Each group of settings is its own validated record, so new groups
 * (working hours, automatic actions, KPI, rating, bot) are added as further fields.
 */
@Document("channels")
public class OpenChannel {

  /** Used as a field name in operator load counters, so no dots or dollar signs. */
  @Id
  @NotBlank
  @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "use 1-64 lower-case letters, digits and hyphens")
  private String id;

  @NotBlank private String name;
  @NotNull private ZoneId timeZone;
  @NotNull @Valid private QueueSettings queue;
  /** Null on channels stored before the CRM settings existed: read as {@link CrmSettings#defaults()}. */
  @Valid private CrmSettings crm;
  /**
   * Outside working hours, offer the conversation to the queue right after the off-hours reply
   * (operators on duty) instead of holding it until the channel opens.
   */
  private boolean queueOutsideWorkingHours;
  /** Null = {@link ClosingSettings#defaults()}. */
  @Valid private ClosingSettings closing;
  /** False: no new conversations (open ones go on). Null on channels stored before the switch existed: active. */
  private Boolean active;

  protected OpenChannel() {}

  public OpenChannel(String id, String name, ZoneId timeZone, QueueSettings queue) {
    this.id = id;
    this.name = name;
    this.timeZone = timeZone;
    this.queue = queue;
  }

  public String getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public ZoneId getTimeZone() {
    return timeZone;
  }

  public QueueSettings getQueue() {
    return queue;
  }

  public CrmSettings getCrm() {
    return crm == null ? CrmSettings.defaults() : crm;
  }

  public boolean isQueueOutsideWorkingHours() {
    return queueOutsideWorkingHours;
  }

  public ClosingSettings getClosing() {
    return closing == null ? ClosingSettings.defaults() : closing;
  }

  /** Takes new conversations. */
  public boolean isActive() {
    return active == null || active;
  }

  public void setActive(Boolean active) {
    this.active = active;
  }

  public void setClosing(ClosingSettings closing) {
    this.closing = closing;
  }

  public void setCrm(CrmSettings crm) {
    this.crm = crm;
  }

  public void setQueueOutsideWorkingHours(boolean queueOutsideWorkingHours) {
    this.queueOutsideWorkingHours = queueOutsideWorkingHours;
  }

  public void setName(String name) {
    this.name = name;
  }

  public void setTimeZone(ZoneId timeZone) {
    this.timeZone = timeZone;
  }

  public void setQueue(QueueSettings queue) {
    this.queue = queue;
  }
}
