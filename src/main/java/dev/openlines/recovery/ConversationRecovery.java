package dev.openlines.recovery;

import dev.openlines.channel.DistributionMode;
import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationDeadlines;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.RecoverableConversations;
import dev.openlines.conversation.inbound.OperatorStartedConversations;
import dev.openlines.routing.OpenOffer;
import dev.openlines.routing.RestartRecovery;
import dev.openlines.routing.RoutingService;
import dev.openlines.workflow.EngineRun;
import dev.openlines.workflow.ProcessInstances;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives every open conversation its process back after the embedded runtime started a fresh, empty
 * engine: a new {@code conversation} instance starts before the element that waits in the stored state
 * ({@link RecoveryPoint}), with the stored deadlines as variables so timers fire at their original time.
 *
 * <p>Only on the embedded runtime: an external cluster keeps its instances across restarts. Runs once,
 * in the background after start-up; readiness ({@link ConversationRecoveryHealthIndicator}) is DOWN until it is over. Each conversation is claimed with one
 * conditional update (its {@code engineRunId} becomes this engine run's id), so running it twice, or a
 * conversation created by this run, never gets a second instance.
 */
@Component
public class ConversationRecovery implements RestartRecovery {

  private static final Logger log = LoggerFactory.getLogger(ConversationRecovery.class);
  /** The model's wait for the operators' first reply, whose timer fires at firstReplyDueAt. */
  static final String FIRST_REPLY_WAIT = "wait-for-first-reply";
  /** Set while a reply clock runs, so that a client's further message does not start a second one. */
  private static final String AWAITING_REPLY = "awaitingReply";

  private final RecoverableConversations conversations;
  private final ProcessInstances instances;
  private final RecreatedProcessVariables variables;
  private final RoutingService routing;
  private final ObjectProvider<EngineRun> embeddedRuntime;
  private final ClientSilenceService silence;
  private final ConversationCommands commands;
  private final ProcessCommandOutbox outbox;
  private final RecoveryMeters meters;
  private final OperatorStartedConversations operatorStarts;
  private final AcceptedOperatorActions acceptedActions;
  private volatile Result lastResult;
  private volatile boolean finished;

  ConversationRecovery(
      RecoverableConversations conversations,
      ProcessInstances instances,
      RecreatedProcessVariables variables,
      RoutingService routing,
      ObjectProvider<EngineRun> embeddedRuntime,
      ClientSilenceService silence,
      ConversationCommands commands,
      ProcessCommandOutbox outbox,
      RecoveryMeters meters,
      OperatorStartedConversations operatorStarts,
      AcceptedOperatorActions acceptedActions) {
    this.conversations = conversations;
    this.instances = instances;
    this.variables = variables;
    this.routing = routing;
    this.acceptedActions = acceptedActions;
    this.embeddedRuntime = embeddedRuntime;
    this.silence = silence;
    this.commands = commands;
    this.outbox = outbox;
    this.meters = meters;
    this.operatorStarts = operatorStarts;
  }

  /** What one recovery pass did. */
  public record Result(List<String> recovered, List<String> failed) {}

  @EventListener(ApplicationReadyEvent.class)
  void recoverInBackground() {
    EngineRun runtime = embeddedRuntime.getIfAvailable();
    if (runtime == null) {
      finished = true;
      return;
    }
    Thread.ofVirtual()
        .name("conversation-recovery")
        .start(
            () -> {
              try {
                lastResult = recover(runtime.engineRunId(), runtime.engineStartedAt());
              } catch (RuntimeException e) {
                log.error("Recovering the open conversations after the restart failed", e);
              } finally {
                finished = true;
              }
            });
  }

  /**
   * Whether the start-up pass is over (at once on the external runtime): until then the service is not
   * ready, since an open conversation without its process would miss what arrives for it.
   */
  @Override
  public boolean finished() {
    return finished;
  }

  /** The outcome of the start-up pass; empty while it runs and on the external runtime. */
  public Optional<Result> lastResult() {
    return Optional.ofNullable(lastResult);
  }

  /**
   * Recreates the process of every open conversation created before the engine started and not yet
   * recovered in this engine run.
   */
  public Result recover(String engineRunId, Instant engineStartedAt) {
    long started = System.nanoTime();
    List<String> recovered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Set<String> queuesWithWaiting = new LinkedHashSet<>();
    for (String candidate : conversations.notYetRecovered(engineRunId, engineStartedAt)) {
      try {
        recoverOne(candidate, engineRunId, engineStartedAt, queuesWithWaiting).ifPresent(recovered::add);
      } catch (RuntimeException e) {
        failed.add(candidate);
        log.warn("Could not recover conversation {}; the next start tries again: {}", candidate, e.getMessage());
      }
    }
    // Recreated together, the waiting conversations would race for the free slots; the drain wakes them in queue order.
    queuesWithWaiting.forEach(routing::offerFreeSlots);
    if (!recovered.isEmpty() || !failed.isEmpty()) {
      log.info("Recovered {} open conversation(s) after the restart, {} failed", recovered.size(), failed.size());
    }
    meters.passFinished(Duration.ofNanos(System.nanoTime() - started), recovered.size(), failed.size());
    return new Result(recovered, failed);
  }

  private Optional<String> recoverOne(
      String conversationId, String engineRunId, Instant engineStartedAt, Set<String> queuesWithWaiting) {
    Conversation conversation = conversations.claim(conversationId, engineRunId);
    if (conversation == null) {
      return Optional.empty();
    }
    if (outbox.startPending(conversationId)) {
      // The engine never took its start: the relay still delivers it, and a second instance made here
      // would run beside the one the relay starts.
      log.info("Conversation {} has not started yet: the queued start brings its process", conversationId);
      return Optional.empty();
    }
    ConversationDeadlines deadlines = conversation.getDeadlines();
    boolean ratingWait = deadlines != null && deadlines.ratingWaitEndsAt() != null;
    boolean closed = conversation.getStatus() == ConversationStatus.CLOSED;
    if (!closed && routing.isClosed(conversationId)) {
      // Closed before the restart, but no step recorded the status CLOSED: the process had ended.
      log.info("Conversation {} was closed in routing before the restart: no process to recreate", conversationId);
      return Optional.empty();
    }
    if (closed) {
      // Closed before the restart, maybe before "Free the operator's slot" ran: give it back (idempotent).
      routing.close(conversationId);
    }
    String operatorId = closed ? null : routing.resumeAfterEngineRestart(conversationId).orElse(null);
    Optional<OpenOffer> offer = closed || operatorId != null ? Optional.empty() : routing.openOffer(conversationId);
    Optional<String> waitingIn = closed || operatorId != null || offer.isPresent() ? Optional.empty() : routing.waitingIn(conversationId);
    boolean clientCameBack = closed && conversation.getReopenRequestedAt() != null;
    Conversation.PendingTransfer transfer = conversation.getPendingTransfer();
    RecoveryPoint.OpenOffer offerKind =
        offer.map(o -> o.mode() == DistributionMode.ALL ? RecoveryPoint.OpenOffer.TO_EVERYONE : RecoveryPoint.OpenOffer.TO_ONE)
            .orElse(RecoveryPoint.OpenOffer.NONE);
    Optional<OperatorStartedConversations.PendingStart> operatorStart = operatorStarts.pending(conversationId);
    Optional<RecoveryPoint> point = RecoveryPoint.of(
        new RecoveryPoint.StoredState(conversation.getStatus(), operatorId != null, transfer != null, ratingWait, clientCameBack, offerKind,
            operatorStart.isPresent(), waitingIn.isPresent(), heldUntilOpening(conversation, operatorId, offer, waitingIn)));
    if (point.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> start = variables.of(conversation, operatorId, point.get(), offer);
    if (point.get() == RecoveryPoint.OPERATOR_START) {
      start.put(Workflow.Variable.STARTED_BY_OPERATOR_ID, operatorStart.get().operatorId());
    }
    if (point.get() == RecoveryPoint.BOT_WAIT) {
      redeliverBotDecision(conversation);
    }
    if (!closed) {
      acceptedActions.sendAgain(conversation, operatorId, engineRunId, engineStartedAt);
    }
    // The first reply's clock runs beside the conversation's wait: it is recreated too, due when it was due.
    boolean firstReplyAwaited = point.get().mayAwaitTheFirstReply() && conversation.getFirstResponseAt() == null
        && deadlines != null && deadlines.firstReplyDueAt() != null;
    List<String> startBefore = new ArrayList<>(List.of(point.get().elementId()));
    if (firstReplyAwaited) {
      start.put(AWAITING_REPLY, true);
      startBefore.add(FIRST_REPLY_WAIT);
    }
    try {
      long key = instances.startConversationBefore(startBefore, start);
      conversations.recovered(conversationId, engineRunId, key);
      if (point.get() == RecoveryPoint.QUEUED) {
        queuesWithWaiting.add(waitingIn.get());
      }
      if (point.get() == RecoveryPoint.IN_PROGRESS) {
        // The conversation-timeout watch lived in the old engine: a running clock needs a new one.
        silence.watchAgain(conversationId);
      }
      log.info(
          "Conversation {} ({}) recreated before '{}' as process instance {}",
          conversationId,
          conversation.getStatus(),
          point.get().elementId(),
          key);
      return Optional.of(conversationId);
    } catch (RuntimeException e) {
      // Give the claim back so that the next start tries again (e.g. the model lacks the element).
      conversations.release(conversationId, engineRunId);
      throw e;
    }
  }

  /** Came outside working hours and waits for the channel to open: an opening is stored and routing never began. */
  private boolean heldUntilOpening(Conversation conversation, String operatorId, Optional<OpenOffer> offer, Optional<String> waitingIn) {
    return conversation.isHeldUntilOpening()
        && operatorId == null
        && offer.isEmpty()
        && waitingIn.isEmpty()
        && routing.state(conversation.getId()).isEmpty();
  }

  /**
   * The bot's hand-off or close was accepted (and stored) but the lost instance may not have caught it:
   * while the conversation is still WITH_BOT nothing applied it. Published before the instance exists, so
   * the buffered message is there when "wait-for-bot" opens its subscriptions, ahead of a silence timer
   * whose time may already have passed.
   */
  private void redeliverBotDecision(Conversation conversation) {
    // The names of BotPhase.Decision, as the bot API stores them (bot/ builds on conversation/, not back).
    String decision = conversation.getBotDecision();
    if ("HAND_OFF".equals(decision)) {
      commands.botHandedOff(conversation.getId());
    } else if ("CLOSE".equals(decision)) {
      commands.botClosed(conversation.getId());
    } else {
      return;
    }
    log.info("Conversation {}: the chat bot's {} is delivered again to the recreated process", conversation.getId(), decision);
  }
}
