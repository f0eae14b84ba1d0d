package dev.openlines.recovery;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelNotFoundException;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationDeadlines;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.conversation.inbound.ChannelProcessSettings;
import dev.openlines.routing.OpenOffer;
import dev.openlines.routing.RoutingService;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The variables a recreated conversation process starts with: what the lost instance had from its start
 * (channel settings, what the client told about themselves) and from its steps so far (the operator, the
 * open offer, the deadlines its timers were set to), so that it goes on as the lost one would have.
 */
@Component
class RecreatedProcessVariables {

  /** The start variables about the client that a recreated process needs as much as the first one did. */
  private static final List<String> CLIENT_DETAILS = List.of(
      Workflow.Variable.CLIENT_NAME, Workflow.Variable.CLIENT_PHONE, Workflow.Variable.CLIENT_EMAIL,
      Workflow.Variable.LANGUAGE, Workflow.Variable.PRIORITY);
  private static final Logger log = LoggerFactory.getLogger(RecreatedProcessVariables.class);

  private final ChannelProcessSettings channelSettings;
  private final ProcessCommandOutbox outbox;
  private final RoutingService routing;
  private final Clock clock;

  RecreatedProcessVariables(ChannelProcessSettings channelSettings, ProcessCommandOutbox outbox, RoutingService routing, Clock clock) {
    this.channelSettings = channelSettings;
    this.outbox = outbox;
    this.routing = routing;
    this.clock = clock;
  }

  /**
   * @param operatorId the operator who holds the conversation, or null
   * @param offer the offer the lost instance waited for an answer to, if any
   */
  Map<String, Object> of(Conversation conversation, String operatorId, RecoveryPoint point, Optional<OpenOffer> offer) {
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
    if (transfer != null && (point == RecoveryPoint.ROUTING || point == RecoveryPoint.QUEUED || point == RecoveryPoint.TRANSFER)) {
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
    if (point == RecoveryPoint.HELD_UNTIL_OPENING && deadlines != null && deadlines.reopensAt() != null) {
      // Its first-reply clock starts when it is served: at the opening it waits for, or now if served before it.
      Instant now = clock.instant();
      Instant opening = deadlines.reopensAt();
      variables.put(Workflow.Variable.FIRST_REPLY_COUNTS_FROM, (opening.isBefore(now) ? opening : now).toString());
    }
    offer.ifPresent(open -> variables.putAll(offerVariables(open)));
    if (point.waitsForAnOperator()) {
      variables.put(Workflow.Variable.NO_ANSWER_AT, noAnswerAt(conversation.getId(), variables).toString());
    }
    return variables;
  }

  /**
   * What the client told about themselves and the first message's priority, as the lost instance got them
   * with its start variables (kept with the delivered start command): the chat tracker, the distribution
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
