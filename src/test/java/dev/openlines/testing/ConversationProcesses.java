package dev.openlines.testing;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Starts conversation processes in process tests the way the inbound side does: the conversation of a
 * {@link TestMessenger} client stored first, then its instance with the usual variables. A component in
 * every test context alike (as {@link TestMessenger}), so that it leaves the context cache shared.
 */
@Component
public class ConversationProcesses {

  private final CamundaClient client;
  private final ConversationRepository conversations;
  private final Clock clock;

  public ConversationProcesses(CamundaClient client, ConversationRepository conversations, Clock clock) {
    this.client = client;
    this.conversations = conversations;
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
    conversations.save(new Conversation(conversationId, channelId, TestMessenger.TYPE, "connector-1", clientId, clock.instant()));
    Map<String, Object> variables = new HashMap<>(extra);
    variables.put(Workflow.Variable.CONVERSATION_ID, conversationId);
    variables.put(Workflow.Variable.CHANNEL_ID, channelId);
    variables.putIfAbsent(Workflow.Variable.CONNECTOR_TYPE, TestMessenger.TYPE);
    variables.put(Workflow.Variable.CLIENT_ID, clientId);
    long key = client.newCreateInstanceCommand().bpmnProcessId(Workflow.Process.CONVERSATION).latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
    return new Started(conversationId, key);
  }
}
