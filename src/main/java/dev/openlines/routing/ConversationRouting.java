package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import java.time.Instant;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Routing state of one conversation. Each offer attempt is a new {@code round}; answering claims the
 * conversation only in the round it was offered in, and withdrawing an offer moves to the next round,
 * so an answer and an idle-time expiry can never both win.
 */
@Document("routing")
public class ConversationRouting {

  @Id private String conversationId;
  private String channelId;
  /** The channel whose queue and chat limit apply (differs from channelId when routed to another queue). */
  private String queueChannelId;
  /** Set when the decision table sent the conversation to one department. */
  private String departmentId;
  private RoutingStatus status;
  private DistributionMode mode;
  private long round;
  private String offerJobKey;
  private String assignedOperatorId;
  /** When an operator answered the offer: the conversation is held by an operator since then. */
  private Instant assignedAt;
  /** When the client started waiting; the longest-waiting conversation is offered first. */
  private Instant queuedSince;
  /** When the conversation was offered for the first time (time to offer, {@link ConversationFirstOffered}). */
  private Instant firstOfferedAt;
  /** When "Nobody answered in time" fires for the current wait for an operator (the process's noAnswerAt). */
  private Instant noAnswerAt;
  /** When an operator answered for the first time (time to answer, {@link RoutingMeters}). */
  private Instant firstAnsweredAt;
  /** When {@code status} last changed: how long it has been waiting, woken or routed. */
  private Instant statusSince;
  /** Set while the conversation is transferred to one colleague: only they can take it. */
  private String targetOperatorId;
  /** The colleague of the latest transfer by name who let it go (left, skipped it, let it expire): the queue has it now. */
  private String colleagueLetGo;
  /** How often the reconciler had to wake it because an event missed it (should stay 0). */
  private int repairs;
  /** STRICT: operators already tried in this pass through the queue. */
  private Set<String> tried = Set.of();
  /** ALL: operators who skipped this conversation and are not offered it again. */
  private Set<String> skippedBy = Set.of();

  protected ConversationRouting() {}

  /** The state "before" a conversation's first offer round: nothing tried, queued since {@code now}. */
  static ConversationRouting neverRouted(String conversationId, Instant now) {
    ConversationRouting state = new ConversationRouting();
    state.conversationId = conversationId;
    state.queuedSince = now;
    return state;
  }

  public String getConversationId() {
    return conversationId;
  }

  public String getChannelId() {
    return channelId;
  }

  public String getQueueChannelId() {
    return queueChannelId;
  }

  public String getDepartmentId() {
    return departmentId;
  }

  public RoutingStatus getStatus() {
    return status;
  }

  public DistributionMode getMode() {
    return mode;
  }

  public long getRound() {
    return round;
  }

  public String getAssignedOperatorId() {
    return assignedOperatorId;
  }

  public Instant getAssignedAt() {
    return assignedAt;
  }

  public Instant getQueuedSince() {
    return queuedSince;
  }

  public Instant getStatusSince() {
    return statusSince;
  }

  public String getTargetOperatorId() {
    return targetOperatorId;
  }

  public int getRepairs() {
    return repairs;
  }

  public Set<String> getTried() {
    return tried == null ? Set.of() : tried;
  }

  public Instant getNoAnswerAt() {
    return noAnswerAt;
  }

  public Instant getFirstOfferedAt() {
    return firstOfferedAt;
  }

  public Instant getFirstAnsweredAt() {
    return firstAnsweredAt;
  }

  public Set<String> getSkippedBy() {
    return skippedBy == null ? Set.of() : skippedBy;
  }

  public String getColleagueLetGo() {
    return colleagueLetGo;
  }
}
