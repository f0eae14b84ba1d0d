package dev.openlines.conversation.inbound;

import dev.openlines.conversation.ConversationMessage;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.outbox.QueuedStartCompletion;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The variables a conversation's process instance is created with:
 * everything the model needs that ingestion already knows, so that the engine decides it without a
 * job. One method per kind of variables, each documented on the model's start event.
 */
@Component
public class ConversationStartVariables implements QueuedStartCompletion {

  private final ChannelProcessSettings channelSettings;

  public ConversationStartVariables(ChannelProcessSettings channelSettings) {
    this.channelSettings = channelSettings;
  }

  /**
   * For the conversation the client's first message opens; {@code priority} is the first message's.
   *
   * @throws dev.openlines.channel.ChannelNotFoundException when the connector's channel is gone
   */
  public Map<String, Object> of(ConversationMessage first, String priority) {
    Map<String, Object> variables = new HashMap<>();
    variables.putAll(conversation(first));
    variables.putAll(channelSettings(first.getChannelId()));
    variables.putAll(firstReplyClock(first));
    variables.putAll(clientDetails(first));
    variables.put(Workflow.Variable.PRIORITY, priority);
    return variables;
  }

  /**
   * For a conversation an operator starts with a known client: {@code earlier} is the client's latest
   * message on the connector (for their details), {@code startedAt} when the operator started it. The
   * model's "Started by an operator?" reads {@code startedByOperatorId}; {@code transferToOperatorId}
   * makes "Find an operator" offer it to that operator only.
   */
  public Map<String, Object> startedByOperator(String conversationId, ConversationMessage earlier, String operatorId,
      java.time.Instant startedAt) {
    ConversationMessage first = ConversationMessage.inbound(null, conversationId, earlier.getConnectorId(),
        earlier.getConnectorType(), earlier.getChannelId(), null, earlier.getClientId(), earlier.getClient(), null,
        null, startedAt, startedAt);
    Map<String, Object> variables = of(first, null);
    variables.put(Workflow.Variable.STARTED_BY_OPERATOR_ID, operatorId);
    variables.put(Workflow.Variable.TRANSFER_TO_OPERATOR_ID, operatorId);
    return variables;
  }

  /**
   * A queued start as the model now needs it: a start queued by an earlier version (before a channel
   * setting became a start variable) gets the channel's current settings for what it lacks, since a
   * gateway or timer reading a missing variable stops the process with an incident. What was queued wins.
   */
  @Override
  public Map<String, Object> completed(Map<String, Object> queued) {
    Object channelId = queued.get(Workflow.Variable.CHANNEL_ID);
    if (!(channelId instanceof String channel) || queued.keySet().containsAll(ChannelProcessSettings.ALWAYS_SET)) {
      // Queued with every setting (the usual case): no settings read for a start that needs none.
      return queued;
    }
    Map<String, Object> variables;
    try {
      variables = new HashMap<>(channelSettings(channel));
    } catch (dev.openlines.channel.ChannelNotFoundException gone) {
      return queued; // the process reports the missing channel itself
    }
    variables.putAll(queued);
    return variables;
  }

  /** What the client told about themselves (name, phone, e-mail, language): CRM identification and the distribution decision use it. */
  private static Map<String, Object> clientDetails(ConversationMessage first) {
    return ClientDetailVariables.of(first.getClient());
  }

  /**
   * Reads what {@link #of} will need of the channel, so that a message of a connector whose channel is
   * gone is refused before anything of it is stored (its redelivery, once the channel exists, is then a
   * first delivery).
   *
   * @throws dev.openlines.channel.ChannelNotFoundException when the channel is gone
   */
  public void requireChannel(String channelId) {
    channelSettings(channelId);
  }

  /** Which conversation, channel, connector and client: the keys every step works with. */
  private static Map<String, Object> conversation(ConversationMessage first) {
    return Map.of(
        Workflow.Variable.CONVERSATION_ID, first.getConversationId(),
        Workflow.Variable.CHANNEL_ID, first.getChannelId(),
        Workflow.Variable.CONNECTOR_TYPE, first.getConnectorType(),
        Workflow.Variable.CONNECTOR_ID, first.getConnectorId(),
        Workflow.Variable.CLIENT_ID, first.getClientId());
  }

  /**
   * The channel settings the model branches on, read once per conversation here (through the settings
   * caches) instead of by a job of every instance.
   */
  private Map<String, Object> channelSettings(String channelId) {
    return channelSettings.variables(channelId);
  }

  /** The operators' first reply is late counted from the client's first message (unless a chat bot takes it first). */
  private static Map<String, Object> firstReplyClock(ConversationMessage first) {
    return Map.of(Workflow.Variable.FIRST_REPLY_COUNTS_FROM, first.getCreatedAt().toString());
  }
}
