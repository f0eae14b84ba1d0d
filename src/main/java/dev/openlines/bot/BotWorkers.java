package dev.openlines.bot;

import dev.openlines.channel.BotSettings;
import dev.openlines.channel.BotSettingsService;
import dev.openlines.conversation.BotPhase;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationAddresses;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The chat bot's service tasks. "Hand the conversation to the chat bot" ({@code bot.start}) and "Forward
 * the message to the chat bot" ({@code bot.forward}) call the bot's webhook: a temporary failure fails the
 * job with backoff; a refusal, or a failure on the last retry, is the BPMN error BOT_UNREACHABLE, on which
 * the process hands the conversation to operators (a client must not wait on a broken bot).
 * "Hand the conversation to the operators" ({@code bot.hand-to-operators}) ends the bot phase on the store.
 */
@Component
public class BotWorkers {

  private static final Logger log = LoggerFactory.getLogger(BotWorkers.class);

  private final BotWebhook webhook;
  private final BotSettingsService settings;
  private final ConversationAddresses addresses;
  private final ConversationMessageStore messages;
  private final BotPhase phase;
  private final BotProperties properties;

  public BotWorkers(
      BotWebhook webhook,
      BotSettingsService settings,
      ConversationAddresses addresses,
      ConversationMessageStore messages,
      BotPhase phase,
      BotProperties properties) {
    this.webhook = webhook;
    this.settings = settings;
    this.addresses = addresses;
    this.messages = messages;
    this.phase = phase;
    this.properties = properties;
  }

  @JobWorker(type = Workflow.Job.BOT_START)
  public void start(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.CLIENT_MESSAGE_ID, optional = true) String clientMessageId) {
    call(job, conversationId, "start:" + conversationId, BotEvent.CONVERSATION_STARTED, clientMessageId);
  }

  @JobWorker(type = Workflow.Job.BOT_FORWARD)
  public void forward(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.CLIENT_MESSAGE_ID) String clientMessageId) {
    call(job, conversationId, "message:" + clientMessageId, BotEvent.CLIENT_MESSAGE, clientMessageId);
  }

  @JobWorker(type = Workflow.Job.BOT_HAND_TO_OPERATORS)
  public Map<String, Object> handToOperators(
      ActivatedJob job, @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId) {
    Instant handedOver =
        phase.handToOperators(conversationId, job.getProcessInstanceKey())
            .orElseThrow(() -> new BpmnError(Workflow.Error.UNKNOWN_CONVERSATION, "No stored conversation " + conversationId));
    // The operators' first-reply limit counts from now, not from the client's first message.
    return Map.of(Workflow.Variable.FIRST_REPLY_COUNTS_FROM, handedOver.toString());
  }

  private void call(ActivatedJob job, String conversationId, String deliveryId, String eventName, String clientMessageId) {
    Conversation address =
        addresses.find(conversationId)
            .orElseThrow(() -> new BpmnError(Workflow.Error.UNKNOWN_CONVERSATION, "No stored conversation " + conversationId));
    BotSettings bot = settings.of(address.getChannelId());
    if (!bot.enabled()) {
      throw unreachable(conversationId, "The chat bot of channel '" + address.getChannelId() + "' was switched off");
    }
    BotEvent event =
        new BotEvent(eventName, conversationId, address.getChannelId(), address.getConnectorType(), address.getClientId(),
            clientMessage(clientMessageId));
    try {
      webhook.call(bot, deliveryId, event);
    } catch (BotCallException failure) {
      int retriesLeft = Math.max(job.getRetries() - 1, 0);
      if (failure.permanent() || retriesLeft == 0) {
        throw unreachable(conversationId, failure.getMessage());
      }
      Duration backoff = failure.retryAfter().isPositive() ? failure.retryAfter() : properties.retryBackoff();
      // Logged at every attempt, not only the last: an admin sees a broken bot while its clients still wait on it.
      log.warn("Conversation {}: {}; calling again in {} ({} attempts left)", conversationId, failure.getMessage(), backoff,
          retriesLeft);
      throw CamundaError.jobError("Calling the chat bot failed, retrying: " + failure.getMessage(), null, retriesLeft, backoff, failure);
    }
  }

  private BotEvent.ClientMessage clientMessage(String clientMessageId) {
    if (clientMessageId == null) {
      return null;
    }
    return messages.find(clientMessageId)
        .map(m -> new BotEvent.ClientMessage(clientMessageId, m.getText(), m.getCreatedAt()))
        .orElseGet(() -> new BotEvent.ClientMessage(clientMessageId, null, null));
  }

  private static BpmnError unreachable(String conversationId, String reason) {
    log.warn("Conversation {} goes to operators: {}", conversationId, reason);
    return new BpmnError(Workflow.Error.BOT_UNREACHABLE, reason, Map.of("botError", reason), null);
  }
}
