package dev.openlines.conversation;

import dev.openlines.channel.KpiLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** One conversation with a client in one open channel; its process instance has the same id as business key. */
@Document("conversations")
public class Conversation {

  @Id private String id;
  @Indexed private String channelId;
  private String connectorType;
  private String clientId;
  @Indexed private ConversationStatus status = ConversationStatus.NEW;
  private Long processInstanceKey;
  private Instant createdAt;
  private Instant updatedAt;
  @Version private Long version;

  // Lifecycle facts written by the lifecycle services with single-document conditional updates.
  /** The connector instance the client wrote to; replies go back through it. */
  private String connectorId;
  /** The last message that could not be delivered to the client (shown to supervisors). */
  private DeliveryFailure lastDeliveryFailure;
  /** The client's oldest message that no operator has answered yet; null when nobody waits. */
  private Instant awaitingReplySince;
  private Instant firstResponseAt;
  private Long firstResponseMillis;
  private List<ResponseTime> responseTimes = new ArrayList<>();
  private List<KpiBreach> kpiBreaches = new ArrayList<>();
  private ConversationDeadlines deadlines;
  private ClientRating clientRating;
  private Instant clientRatedAt;
  private String clientRatingComment;
  private SupervisorRating supervisorRating;
  // Restart safety (ConversationRecovery): which start of the embedded engine holds the process.
  /** Set when recovery recreated the process in that engine run; a later run recovers it again. */
  private String engineRunId;
  private Instant recoveredAt;
  /**
   * The transfer an operator asked for, kept until the conversation is answered again, so that a
   * restart in between finishes the transfer instead of routing it as if nobody had asked.
   */
  private PendingTransfer pendingTransfer;
  /** A colleague asked to take the conversation over and the process has not handed it to them yet. */
  private Instant takeOverRequestedAt;
  /** The latest take-over asked for: for a while only that colleague may transfer the conversation. */
  private TakeOver lastTakeOver;
  /** A name operators gave the conversation; null shows the client's name. */
  private String title;
  /**
   * What the chat bot decided in the bot phase (HAND_OFF or CLOSE), set once by the bot API: a second,
   * different decision is refused.
   */
  private String botDecision;
  /** When the chat bot's phase ended and operators took over; the operators' first-response time counts from here. */
  private Instant handedToOperatorsAt;
  // Conversation timeout and pin (ClientSilenceService).
  /** Pinned by its operator ("locked as mine"): the conversation timeout does not run. */
  private boolean pinned;
  /** The operator's oldest message the client has not answered; null once the client wrote. */
  private Instant awaitingClientSince;
  /** A process step watches deadlines.inactivityTimeoutAt; false = the next clock start starts one. */
  private boolean silenceWatchActive;
  /** Counts the watches started, so each start message has its own id. */
  private long silenceWatchRun;
  /** When the conversation timeout closed the conversation. */
  private Instant closedForSilenceAt;
  // Rating wait reopen (RatingWaitService).
  /** The client wrote during the rating wait: the process gives the conversation back to its operator. */
  private Instant reopenRequestedAt;
  private Instant reopenedAt;
  /**
   * An operator or the conversation timeout asked to close it and the process has not closed it yet: what
   * the client writes from now on opens a new conversation (ConversationStatusService#closeRequested).
   */
  private Instant closeRequestedAt;
  private SpamRequest spamRequest;
  /**
   * When the newest client message of this conversation was written: an operator's close names the newest
   * message they saw and is refused when the client wrote after it (ConversationStatusService#closeRequested).
   */
  private Instant lastClientMessageAt;

  protected Conversation() {}

  public Conversation(String id, String channelId, String connectorType, String clientId, Instant createdAt) {
    this.id = id;
    this.channelId = channelId;
    this.connectorType = connectorType;
    this.clientId = clientId;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  public Conversation(
      String id, String channelId, String connectorType, String connectorId, String clientId, Instant createdAt) {
    this(id, channelId, connectorType, clientId, createdAt);
    this.connectorId = connectorId;
  }

  public String getId() {
    return id;
  }

  public String getChannelId() {
    return channelId;
  }

  public String getConnectorType() {
    return connectorType;
  }

  public String getClientId() {
    return clientId;
  }

  public ConversationStatus getStatus() {
    return status;
  }

  public Long getProcessInstanceKey() {
    return processInstanceKey;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public String getConnectorId() {
    return connectorId;
  }

  public DeliveryFailure getLastDeliveryFailure() {
    return lastDeliveryFailure;
  }

  public Instant getAwaitingReplySince() {
    return awaitingReplySince;
  }

  public Instant getFirstResponseAt() {
    return firstResponseAt;
  }

  public Long getFirstResponseMillis() {
    return firstResponseMillis;
  }

  public List<ResponseTime> getResponseTimes() {
    return responseTimes == null ? List.of() : List.copyOf(responseTimes);
  }

  public List<KpiBreach> getKpiBreaches() {
    return kpiBreaches == null ? List.of() : List.copyOf(kpiBreaches);
  }

  public ConversationDeadlines getDeadlines() {
    return deadlines;
  }

  public ClientRating getClientRating() {
    return clientRating;
  }

  public Instant getClientRatedAt() {
    return clientRatedAt;
  }

  public String getClientRatingComment() {
    return clientRatingComment;
  }

  public SupervisorRating getSupervisorRating() {
    return supervisorRating;
  }

  public String getEngineRunId() {
    return engineRunId;
  }

  public Instant getRecoveredAt() {
    return recoveredAt;
  }

  public String getTitle() {
    return title;
  }

  public boolean isPinned() {
    return pinned;
  }

  /** The client wrote outside working hours and waits for the stored opening; nothing routes it before then. */
  public boolean isHeldUntilOpening() {
    return status == ConversationStatus.NEW && deadlines != null && deadlines.reopensAt() != null;
  }

  /**
   * Whether a reply deadline of this kind ran out and did its work: the breach was recorded (and the
   * supervisors told). The deadline stays stored after that, for a restart to wait for the reply again.
   */
  public boolean lateReplyReported(ConversationDeadlines.Deadline kind, Instant due) {
    KpiLimit limit = switch (kind) {
      case FIRST_REPLY_DUE -> KpiLimit.FIRST_RESPONSE;
      case KPI_DUE -> KpiLimit.SUBSEQUENT_RESPONSE;
      default -> null;
    };
    return limit != null && getKpiBreaches().stream().anyMatch(breach -> breach.limit() == limit && !breach.at().isBefore(due));
  }

  public Instant getAwaitingClientSince() {
    return awaitingClientSince;
  }

  public boolean isSilenceWatchActive() {
    return silenceWatchActive;
  }

  public long getSilenceWatchRun() {
    return silenceWatchRun;
  }

  public Instant getClosedForSilenceAt() {
    return closedForSilenceAt;
  }

  public Instant getCloseRequestedAt() {
    return closeRequestedAt;
  }

  public SpamRequest getSpamRequest() {
    return spamRequest;
  }

  public Instant getLastClientMessageAt() {
    return lastClientMessageAt;
  }

  public Instant getReopenRequestedAt() {
    return reopenRequestedAt;
  }

  public Instant getReopenedAt() {
    return reopenedAt;
  }

  public PendingTransfer getPendingTransfer() {
    return pendingTransfer;
  }

  public Instant getTakeOverRequestedAt() {
    return takeOverRequestedAt;
  }

  public TakeOver getLastTakeOver() {
    return lastTakeOver;
  }

  /** Who asked to take the conversation over, and when. */
  public record TakeOver(String by, Instant at) {}

  /**
   * Where an operator transferred the conversation: exactly one of the targets is set.
   *
   * @param toOperatorId the colleague who alone is offered the conversation
   * @param toChannelId the open channel whose queue takes it
   */
  public record PendingTransfer(String toOperatorId, String toChannelId, Instant requestedAt) {}

  /**
   * A message the client did not get.
   *
   * @param permanent true when the messenger refused it (retrying cannot help); false when the
   *     retries ran out and an incident was raised
   */
  public record DeliveryFailure(String messageId, String reason, boolean permanent, Instant at) {}

  public String getBotDecision() {
    return botDecision;
  }

  public Instant getHandedToOperatorsAt() {
    return handedToOperatorsAt;
  }
}
