package dev.openlines.workflow;

import dev.openlines.workflow.Workflow.Message;
import dev.openlines.workflow.outbox.IngestionProperties;
import dev.openlines.workflow.outbox.ProcessCommandGateway;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import dev.openlines.workflow.outbox.ProcessCommandRelay;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The one way the service sends a message to a process. The caller says which message, for which
 * conversation (the correlation key; a CRM form's submission id for {@code crm-form-submitted}) and what
 * caused it; this port decides, per message, the rest:
 *
 * <ul>
 *   <li><b>how it travels</b>: messages the outside world gave us and we acknowledged (a client's message,
 *       rating, form, an operator's close, the chat bot's hand-off and close), and those a process waits for without a timer, are <em>queued</em>: stored in the
 *       outbox first, then delivered by the relay for as long as the engine is unreachable, so that a lost
 *       delivery never strands a conversation. The other operator, bot and routing messages are <em>published now</em>:
 *       their caller learns at once that the engine did not take them ({@link EngineUnavailableException},
 *       an API answers 503) and repeats the request;
 *   <li><b>its message id</b>, from its cause: the engine drops a second message with the same id while the
 *       first is buffered, and the outbox stores a queued one once, so a repeated request does not act twice.
 *       Routing's messages carry none: each is a fresh nudge, and a buffered one is correlated at most once
 *       per process anyway;
 *   <li><b>its time to live</b>: how long the engine keeps it while the process does not wait for it yet.
 * </ul>
 */
@Component
public class ProcessMessages {

  /** Operator and bot actions: long enough to bridge the moment before the process reaches the wait for them. */
  static final Duration ACTION_TIME_TO_LIVE = Duration.ofSeconds(30);
  /** Routing's answers: bridge the moment between an offer being stored and the process reaching its wait. */
  public static final Duration ROUTING_TIME_TO_LIVE = Duration.ofSeconds(10);

  private static final Set<Status.Code> ENGINE_BUSY =
      Set.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED);

  private enum Delivery { QUEUED, NOW, NOW_WITHOUT_ID }

  /** How a message travels, how its id is made from its cause, how long the engine keeps it. */
  private record Rule(Delivery delivery, String idPrefix, Duration timeToLive) {}

  private final ProcessCommandOutbox outbox;
  private final ProcessCommandRelay relay;
  private final ProcessCommandGateway engine;
  private final IngestionProperties properties;

  public ProcessMessages(
      ProcessCommandOutbox outbox, ProcessCommandRelay relay, ProcessCommandGateway engine, IngestionProperties properties) {
    this.outbox = outbox;
    this.relay = relay;
    this.engine = engine;
    this.properties = properties;
  }

  /**
   * Queues the start of the conversation's process with this message, unless
   * the start of the conversation is queued already ({@link ProcessCommandOutbox#queueStartUnlessQueued}).
   * Delivered with the next {@link #deliverQueued()} (or the relay's next poll).
   *
   * @param openingMessageId the received message (or operator start) the process starts with
   * @return true when the queued start carries this message
   */
  public boolean queueStartUnlessQueued(String conversationId, String openingMessageId, Map<String, Object> variables) {
    return outbox.queueStartUnlessQueued(conversationId, Workflow.Variable.CLIENT_MESSAGE_ID, openingMessageId, variables);
  }

  /**
   * Queues a message whose rule is to be queued, without delivering it yet: for a caller that still records
   * what the process will read when the message arrives (e.g. that the client wrote) and then calls
   * {@link #deliverQueued()}.
   */
  public void queue(String name, String correlationKey, String cause, Map<String, Object> variables) {
    Rule rule = rule(name);
    if (rule.delivery() != Delivery.QUEUED) {
      throw new IllegalArgumentException(name + " is published at once, not queued: send it with send()");
    }
    outbox.queueMessage(rule.idPrefix() + cause, correlationKey, name, rule.timeToLive(), variables);
  }

  /** Delivers what is queued now, without waiting for the relay's next poll. */
  public void deliverQueued() {
    relay.wakeUp();
  }

  /**
   * Sends the message {@code name} to the process of {@code correlationKey}, as its rule says: queued and
   * delivered at once, or published now.
   *
   * @param cause what caused the message (a received message's id, an API request's id, ...); the same
   *     cause makes the same message id. Ignored for routing's messages, which carry none.
   * @throws EngineUnavailableException a message published now that the engine did not take in time
   */
  public void send(String name, String correlationKey, String cause, Map<String, Object> variables) {
    Rule rule = rule(name);
    switch (rule.delivery()) {
      case QUEUED -> {
        queue(name, correlationKey, cause, variables);
        deliverQueued();
      }
      case NOW -> publishNow(name, correlationKey, rule.idPrefix() + cause, rule.timeToLive(), variables);
      case NOW_WITHOUT_ID -> publishNow(name, correlationKey, null, rule.timeToLive(), variables);
    }
  }

  private void publishNow(String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables) {
    try {
      engine.publishMessage(name, correlationKey, messageId, timeToLive, variables);
    } catch (ClientStatusException notTaken) {
      if (messageId != null && notTaken.getStatusCode() == Status.Code.ALREADY_EXISTS) {
        return; // the same request was published before and is still buffered: nothing more to do
      }
      if (ENGINE_BUSY.contains(notTaken.getStatusCode())) {
        throw new EngineUnavailableException("The engine did not take " + name + " (" + notTaken.getStatusCode() + ")", notTaken);
      }
      throw notTaken;
    }
  }

  /**
   * Every message the service sends, and its rule. The id prefixes of the queued messages are the ids the
   * outbox has always stored them under: a message queued again by a redelivery must find its earlier copy.
   */
  private Rule rule(String name) {
    Duration buffered = properties.clientMessageTtl();
    return switch (name) {
      case Message.CLIENT_MESSAGE -> new Rule(Delivery.QUEUED, "message:", buffered);
      case Message.BOT_CLIENT_MESSAGE -> new Rule(Delivery.QUEUED, "bot-message:", buffered);
      case Message.CLIENT_RETURNED -> new Rule(Delivery.QUEUED, "returned:", buffered);
      case Message.CLIENT_RATED -> new Rule(Delivery.QUEUED, "rating:", buffered);
      case Message.WAITING_FOR_CLIENT -> new Rule(Delivery.QUEUED, "waiting-for-client:", buffered);
      case Message.CRM_FORM_SUBMITTED -> new Rule(Delivery.QUEUED, "crm-form:", buffered);
      // A close gives the operator's slot back as soon as it is stored (TaskListService): it must reach
      // the process even when the engine is away at that moment, or the conversation would stay open
      // without counting against anyone. Same id and time to live as when it was published at once.
      case Message.CONVERSATION_CLOSED -> new Rule(Delivery.QUEUED, name + ":", ACTION_TIME_TO_LIVE);
      // Queued, so that a save the engine did not take in time still reaches the held conversations; kept a
      // while, so that one still sending its off-hours reply at the save finds it on reaching the wait.
      case Message.WORKING_HOURS_CHANGED -> new Rule(Delivery.QUEUED, name + ":", ACTION_TIME_TO_LIVE);
      // The bot's decisions, as the operator's close: a bot told 503 may never repeat them, and the conversation
      // would stay with the bot (its decision stored, the client's next message opening a new conversation).
      case Message.BOT_HANDOFF, Message.BOT_CLOSED -> new Rule(Delivery.QUEUED, name + ":", ACTION_TIME_TO_LIVE);
      case Message.TRANSFER, Message.INTERCEPT, Message.OPERATOR_REPLIED, Message.SPAM,
          Message.BOT_REPLIED -> new Rule(Delivery.NOW, name + ":", ACTION_TIME_TO_LIVE);
      case Message.CONVERSATION_ANSWERED, Message.OFFER_SKIPPED, Message.OPERATOR_AVAILABLE ->
          new Rule(Delivery.NOW_WITHOUT_ID, null, ROUTING_TIME_TO_LIVE);
      default -> throw new IllegalArgumentException("No rule for the message " + name + ": add one to ProcessMessages");
    };
  }
}
