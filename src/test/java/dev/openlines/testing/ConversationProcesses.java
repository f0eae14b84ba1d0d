package dev.openlines.testing;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.ConversationStartVariables;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Starts conversation processes in process tests the way the inbound side does: the conversation of a
 * {@link TestMessenger} client stored first, then its instance with the variables ingestion gives the start
 * message ({@link ConversationStartVariables}). A component in
 * every test context alike (as {@link TestMessenger}), so that it leaves the context cache shared.
 */
@Component
public class ConversationProcesses {

  private final CamundaClient client;
  private final ConversationRepository conversations;
  private final ConversationStartVariables startVariables;
  private final Clock clock;

  public ConversationProcesses(
      CamundaClient client, ConversationRepository conversations, ConversationStartVariables startVariables, Clock clock) {
    this.client = client;
    this.conversations = conversations;
    this.startVariables = startVariables;
    this.clock = clock;
  }

  /** A started conversation and the key of its process instance. */
  public record Started(String conversationId, long key) {}

  public Started start(String channelId) {
    return start(channelId, Map.of());
  }

  /** With {@code extra} variables; they may name another connector type, not the conversation, channel or client. */
  public Started start(String channelId, Map<String, Object> extra) {
    return start("conv-" + UUID.randomUUID(), channelId, extra);
  }

  /** For a conversation whose id the test needs before it starts (to make its deliveries fail, say). */
  public Started start(String conversationId, String channelId, Map<String, Object> extra) {
    String clientId = "client-" + conversationId;
    String connectorType = (String) extra.getOrDefault(Workflow.Variable.CONNECTOR_TYPE, TestMessenger.TYPE);
    Instant now = clock.instant();
    conversations.save(new Conversation(conversationId, channelId, TestMessenger.TYPE, "connector-1", clientId, now));
    Map<String, Object> variables = startVariables(conversationId, channelId, connectorType, clientId);
    variables.putAll(extra);
    long key = client.newCreateInstanceCommand().bpmnProcessId(Workflow.Process.CONVERSATION).latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
    return new Started(conversationId, key);
  }

  /**
   * What ingestion gives the start message when this client's first message opens the conversation
   * (the channel's settings included), for tests that create the instance themselves.
   */
  public Map<String, Object> startVariables(String conversationId, String channelId, String connectorType, String clientId) {
    Instant now = clock.instant();
    ConversationMessage first = ConversationMessage.inbound("first-" + conversationId, conversationId, "connector-1",
        connectorType, channelId, null, clientId, null, "Hello", null, now, now);
    return new HashMap<>(startVariables.of(first));
  }
}
