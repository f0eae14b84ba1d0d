package dev.openlines.testing;

import static org.awaitility.Awaitility.await;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.conversation.inbound.IngestionResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Starts conversations in process tests where production starts them: a client's message on a
 * {@link TestMessenger} connector of the channel goes through {@link InboundMessageService#receive}, which
 * stores it, opens the conversation and queues the process start with exactly the variables production
 * passes. A component in every test context alike (as {@link TestMessenger}), so that it leaves the
 * context cache shared.
 */
@Component
public class ClientConversations {

  private static final Duration LINK_WAIT = Duration.ofSeconds(60);
  private static final ClientProfile ANONYMOUS = new ClientProfile(null, null, null, null);

  private final InboundMessageService ingestion;
  private final ConversationRepository conversations;
  private final Clock clock;

  public ClientConversations(InboundMessageService ingestion, ConversationRepository conversations, Clock clock) {
    this.ingestion = ingestion;
    this.conversations = conversations;
    this.clock = clock;
  }

  /**
   * A conversation whose process runs (linked itself to the conversation), and its client.
   *
   * @param firstMessageId the stored id of the message that opened it
   */
  public record Started(String conversationId, long key, String channelId, String clientId, String firstMessageId) {}

  /** An anonymous client writes to the channel for the first time. */
  public Started start(String channelId) {
    return start(channelId, ANONYMOUS);
  }

  /** A new client, with what the messenger tells about them (name, phone, e-mail, language), writes. */
  public Started start(String channelId, ClientProfile client) {
    return start(channelId, "client-" + UUID.randomUUID(), client);
  }

  /** This client writes (again) to the channel: a new conversation when none of theirs is open. */
  public Started start(String channelId, String clientId, ClientProfile client) {
    IngestionResult result = receive(channelId, clientId, client, "Hello, I have a question");
    long key = await().atMost(LINK_WAIT).until(
        // Recorded by the process's first step ("Link this process to the conversation").
        () -> conversations.findById(result.conversationId()).map(Conversation::getProcessInstanceKey).orElse(null),
        linked -> linked != null);
    return new Started(result.conversationId(), key, channelId, clientId, result.messageId());
  }

  /**
   * A new anonymous client's first message, without waiting for its process (e.g. while the engine is
   * about to stop); the id of the conversation it opened.
   */
  public String open(String channelId) {
    return receive(channelId, "client-" + UUID.randomUUID(), ANONYMOUS, "Hello, I have a question").conversationId();
  }

  /** The client of the conversation writes again; the stored message's id. */
  public String write(Started conversation, String text) {
    return receive(conversation.channelId(), conversation.clientId(), ANONYMOUS, text).messageId();
  }

  /** This client's message through ingestion, whatever becomes of it (e.g. blocked as spam). */
  public IngestionResult receive(String channelId, String clientId, ClientProfile client, String text) {
    ConnectorSettings connector = connector(channelId);
    return ingestion.receive(
        new InboundMessage(TestMessenger.TYPE, connector.id(), "ext-" + UUID.randomUUID(), clientId, client, text,
            List.of(), false, clock.instant()),
        connector);
  }

  /**
   * A client's message through ingestion on a connector of the channel of another type (e.g. one no
   * messenger of this build serves), whatever becomes of it.
   */
  public IngestionResult receiveOn(String channelId, String connectorType, String clientId, String text) {
    ConnectorSettings connector = new ConnectorSettings(connectorType + "-" + UUID.randomUUID(), channelId, connectorType,
        ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, null);
    return ingestion.receive(
        new InboundMessage(connectorType, connector.id(), "ext-" + UUID.randomUUID(), clientId, ANONYMOUS, text, List.of(), false,
            clock.instant()),
        connector);
  }

  /** The channel's test connector (configuration only: {@link TestMessenger} needs no address). */
  public static ConnectorSettings connector(String channelId) {
    String id = ("test-" + channelId.replaceAll("[^A-Za-z0-9_-]", "_"));
    return new ConnectorSettings(id.length() > 64 ? id.substring(0, 64) : id, channelId, TestMessenger.TYPE,
        ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, null);
  }
}
