package dev.openlines.recovery;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelNotFoundException;
import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationDeadlines;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.ChannelProcessSettings;
import dev.openlines.conversation.inbound.OperatorStartedConversations;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.channel.DistributionMode;
import dev.openlines.routing.OpenOffer;
import dev.openlines.routing.RestartRecovery;
import dev.openlines.routing.RoutingService;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.EngineRun;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The start variables about the client that a recreated process needs as much as the first one did. */
  private static final List<String> CLIENT_DETAILS = List.of(
      Workflow.Variable.CLIENT_NAME, Workflow.Variable.CLIENT_PHONE, Workflow.Variable.CLIENT_EMAIL,
      Workflow.Variable.LANGUAGE, Workflow.Variable.PRIORITY);
  private static final Logger log = LoggerFactory.getLogger(ConversationRecovery.class);
  /** The model's wait for the operators' first reply, whose timer fires at firstReplyDueAt. */
  static final String FIRST_REPLY_WAIT = "wait-for-first-reply";
  /** Set while a reply clock runs, so that a client's further message does not start a second one. */
  private static final String AWAITING_REPLY = "awaitingReply";

  private final MongoTemplate mongo;
  private final CamundaClient client;
  private final RoutingService routing;
  private final ObjectProvider<EngineRun> embeddedRuntime;
  private final ClientSilenceService silence;
  private final Clock clock;
  private final ChannelProcessSettings channelSettings;
  private final ConversationCommands commands;
  private final ProcessCommandOutbox outbox;
  private final RecoveryMeters meters;
  private final OperatorStartedConversations operatorStarts;
  private volatile Result lastResult;
  private volatile boolean finished;

  public ConversationRecovery(
      MongoTemplate mongo,
      CamundaClient client,
      RoutingService routing,
      ObjectProvider<EngineRun> embeddedRuntime,
      ClientSilenceService silence,
      ChannelProcessSettings channelSettings,
      ConversationCommands commands,
      ProcessCommandOutbox outbox,
      RecoveryMeters meters,
      OperatorStartedConversations operatorStarts,
      Clock clock) {
    this.meters = meters;
    this.operatorStarts = operatorStarts;
    this.silence = silence;
    this.outbox = outbox;
    this.mongo = mongo;
    this.client = client;
    this.routing = routing;
    this.embeddedRuntime = embeddedRuntime;
    this.clock = clock;
    this.channelSettings = channelSettings;
    this.commands = commands;
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
    Query open =
        Query.query(
            new Criteria()
                .andOperator(
                    mayHaveAProcess(),
                    Criteria.where("createdAt").lt(engineStartedAt),
                    Criteria.where("engineRunId").ne(engineRunId)));
    open.fields().include("_id");
    List<String> recovered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Conversation candidate : mongo.find(open, Conversation.class)) {
      try {
        recoverOne(candidate.getId(), engineRunId).ifPresent(recovered::add);
      } catch (RuntimeException e) {
        failed.add(candidate.getId());
        log.warn("Could not recover conversation {}; the next start tries again: {}", candidate.getId(), e.getMessage());
      }
    }
    if (!recovered.isEmpty() || !failed.isEmpty()) {
      log.info("Recovered {} open conversation(s) after the restart, {} failed", recovered.size(), failed.size());
    }
    meters.passFinished(Duration.ofNanos(System.nanoTime() - started), recovered.size(), failed.size());
    return new Result(recovered, failed);
  }

  private Optional<String> recoverOne(String conversationId, String engineRunId) {
    Conversation conversation = claim(conversationId, engineRunId);
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
    boolean clientCameBack = closed && conversation.getReopenRequestedAt() != null;
    Conversation.PendingTransfer transfer = conversation.getPendingTransfer();
    RecoveryPoint.OpenOffer offerKind =
        offer.map(o -> o.mode() == DistributionMode.ALL ? RecoveryPoint.OpenOffer.TO_EVERYONE : RecoveryPoint.OpenOffer.TO_ONE)
            .orElse(RecoveryPoint.OpenOffer.NONE);
    Optional<OperatorStartedConversations.PendingStart> operatorStart = operatorStarts.pending(conversationId);
    Optional<RecoveryPoint> point = RecoveryPoint.of(
        new RecoveryPoint.StoredState(conversation.getStatus(), operatorId != null, transfer != null, ratingWait, clientCameBack, offerKind,
            operatorStart.isPresent()));
    if (point.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> variables = variables(conversation, operatorId, point.get());
    if (point.get() == RecoveryPoint.OPERATOR_START) {
      variables.put(Workflow.Variable.STARTED_BY_OPERATOR_ID, operatorStart.get().operatorId());
    }
    offer.ifPresent(open -> variables.putAll(offerVariables(open)));
    if (point.get().waitsForAnOperator()) {
      variables.put(Workflow.Variable.NO_ANSWER_AT, noAnswerAt(conversationId, variables).toString());
    }
    if (point.get() == RecoveryPoint.BOT_WAIT) {
      redeliverBotDecision(conversation);
    }
    // The first reply's clock runs beside the conversation's wait: it is recreated too, due when it was due.
    boolean firstReplyAwaited = point.get().mayAwaitTheFirstReply() && conversation.getFirstResponseAt() == null
        && deadlines != null && deadlines.firstReplyDueAt() != null;
    if (firstReplyAwaited) {
      variables.put(AWAITING_REPLY, true);
    }
    try {
      var create =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId(Workflow.Process.CONVERSATION)
              .latestVersion()
              .variables(variables)
              .startBeforeElement(point.get().elementId());
      if (firstReplyAwaited) {
        create = create.startBeforeElement(FIRST_REPLY_WAIT);
      }
      long key =
          create
              .requestTimeout(TIMEOUT)
              .send()
              .join(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .getProcessInstanceKey();
      mongo.updateFirst(
          Query.query(Criteria.where("_id").is(conversationId).and("engineRunId").is(engineRunId)),
          Update.update("processInstanceKey", key),
          Conversation.class);
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
      mongo.updateFirst(
          Query.query(Criteria.where("_id").is(conversationId).and("engineRunId").is(engineRunId)),
          new Update().unset("engineRunId").unset("recoveredAt"),
          Conversation.class);
      throw e;
    }
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

  /** @return the conversation as it was when this run claimed it, or null when someone else did */
  private Conversation claim(String conversationId, String engineRunId) {
    Query unclaimed =
        Query.query(
            new Criteria()
                .andOperator(
                    Criteria.where("_id").is(conversationId),
                    mayHaveAProcess(),
                    Criteria.where("engineRunId").ne(engineRunId)));
    unclaimed
        .fields()
        .include(
            "_id", "channelId", "connectorType", "connectorId", "clientId", "status", "deadlines", "createdAt",
            "reopenRequestedAt", "botDecision", "pendingTransfer", "firstResponseAt");
    return mongo.findAndModify(
        unclaimed,
        // The old instance key means nothing in the new engine; the new one is set once it exists.
        new Update().set("engineRunId", engineRunId).set("recoveredAt", clock.instant()).unset("processInstanceKey"),
        FindAndModifyOptions.options().returnNew(false),
        Conversation.class);
  }

  /** Open, or closed and still waiting for the client's rating. */
  private static Criteria mayHaveAProcess() {
    return new Criteria()
        .orOperator(
            Criteria.where("status")
                .in(ConversationStatus.NEW, ConversationStatus.WITH_BOT, ConversationStatus.WAITING, ConversationStatus.OFFERED, ConversationStatus.IN_PROGRESS),
            Criteria.where("status").is(ConversationStatus.CLOSED).and("deadlines.ratingWaitEndsAt").ne(null));
  }

  private Map<String, Object> variables(Conversation conversation, String operatorId, RecoveryPoint point) {
    Map<String, Object> variables = new HashMap<>();
    // The settings "Read the channel's settings" gave the old instance at its start (e.g. the rating wait).
    if (conversation.getChannelId() != null) {
      try {
        variables.putAll(channelSettings.variables(conversation.getChannelId()));
      } catch (ChannelNotFoundException deleted) {
        log.warn("Channel {} of conversation {} is gone: recreated without its settings", conversation.getChannelId(), conversation.getId());
      }
    }
    Conversation.PendingTransfer transfer = conversation.getPendingTransfer();
    if (transfer != null && (point == RecoveryPoint.ROUTING || point == RecoveryPoint.TRANSFER)) {
      // Routed to the target the operator chose, not by the channel's usual rules.
      putIfPresent(variables, Workflow.Variable.TRANSFER_TO_OPERATOR_ID, transfer.toOperatorId());
      putIfPresent(variables, Workflow.Variable.TRANSFER_TO_CHANNEL_ID, transfer.toChannelId());
    }
    variables.putAll(clientDetails(conversation.getId()));
    variables.put(Workflow.Variable.CONVERSATION_ID, conversation.getId());
    putIfPresent(variables, Workflow.Variable.CHANNEL_ID, conversation.getChannelId());
    putIfPresent(variables, Workflow.Variable.CONNECTOR_TYPE, conversation.getConnectorType());
    putIfPresent(variables, Workflow.Variable.CONNECTOR_ID, conversation.getConnectorId());
    putIfPresent(variables, Workflow.Variable.CLIENT_ID, conversation.getClientId());
    putIfPresent(variables, Workflow.Variable.OPERATOR_ID, operatorId);
    ConversationDeadlines deadlines = conversation.getDeadlines();
    if (deadlines != null) {
      for (Deadline deadline : Deadline.values()) {
        Instant due = deadlines.get(deadline);
        // ISO-8601 text, as conversation.set-deadline gives it to the timers' timeDate.
        putIfPresent(variables, deadline.variable(), due == null ? null : due.toString());
      }
    }
    return variables;
  }

  /**
   * What the client told about themselves and the first message's priority, as the lost instance got them
   * with its start message (kept with the delivered start command): the chat tracker, the distribution
   * decision's language and priority rows and the replies' addresses read them again after a restart.
   */
  private Map<String, Object> clientDetails(String conversationId) {
    Map<String, Object> details = new HashMap<>();
    outbox.find(ProcessCommandOutbox.startCommandId(conversationId))
        .map(ProcessCommand::variables)
        .ifPresent(started -> CLIENT_DETAILS.forEach(name -> putIfPresent(details, name, started.get(name))));
    return details;
  }

  /**
   * What "Offer to an operator" gave the lost instance, so that the new one waits for the same answer,
   * its idle timer set to what was left of the offer's idle time.
   */
  private Map<String, Object> offerVariables(OpenOffer offer) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.OFFERED_OPERATOR_IDS, offer.operatorIds());
    variables.put(Workflow.Variable.DISTRIBUTION_MODE, offer.mode().name());
    variables.put(Workflow.Variable.OFFER_ROUND, offer.round());
    if (offer.expiresAt() != null) {
      Duration left = Duration.between(clock.instant(), offer.expiresAt());
      variables.put(Workflow.Variable.IDLE_TIME, (left.isNegative() ? Duration.ZERO : left).toString());
    }
    return variables;
  }

  /**
   * When "Nobody answered in time" fires for the recreated process: the time the lost one had, as its
   * offers stored it, else (not offered yet) the channel's full no-answer time from now. Starting inside
   * "Find an operator" skips "No-answer clock started", so the process needs it given.
   */
  private Instant noAnswerAt(String conversationId, Map<String, Object> variables) {
    return routing.noAnswerAt(conversationId).orElseGet(() -> {
      Object noAnswerAfter = variables.get(Workflow.Variable.NO_ANSWER_AFTER);
      return clock.instant().plus(noAnswerAfter == null ? AutomaticActions.DEFAULT_NO_ANSWER_AFTER : Duration.parse(noAnswerAfter.toString()));
    });
  }

  private static void putIfPresent(Map<String, Object> variables, String name, Object value) {
    if (value != null) {
      variables.put(name, value);
    }
  }
}
