package dev.openlines.connector.livechat;

import dev.openlines.api.ConflictException;
import dev.openlines.api.NotFoundException;
import dev.openlines.attachment.AttachmentUploads;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import org.springframework.web.multipart.MultipartFile;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.ClientRatings;
import dev.openlines.conversation.RatingService;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.conversation.inbound.IngestionResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.openlines.conversation.ConversationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** What a website visitor can do in a live chat: start, accept consent, write, type, rate, ask for history. */
@Service
class LiveChatService {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final MongoTemplate mongo;
  private final ConnectorSettingsService connectors;
  private final InboundMessageService ingestion;
  private final ConversationRepository conversations;
  private final ClientRatings ratings;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final AttachmentUploads uploads;
  private final ConversationMessageStore messages;

  LiveChatService(MongoTemplate mongo, ConnectorSettingsService connectors, InboundMessageService ingestion,
      ConversationRepository conversations, ClientRatings ratings, Clock clock,
      ApplicationEventPublisher events, AttachmentUploads uploads, ConversationMessageStore messages) {
    this.uploads = uploads;
    this.messages = messages;
    this.events = events;
    this.mongo = mongo;
    this.connectors = connectors;
    this.ingestion = ingestion;
    this.conversations = conversations;
    this.ratings = ratings;
    this.clock = clock;
    mongo.indexOps(LiveChatSession.class).createIndex(new Index().on("tokenDigest", Sort.Direction.ASC).unique().named("by-token"));
  }

  record Started(String sessionId, String token, boolean consentRequired, String consentText) {}

  Started start(String connectorId, LiveChatApi.StartChat visitor, String language) {
    ConnectorSettings connector = connectors.require(connectorId, ConnectorTypes.LIVECHAT);
    String token = newToken();
    LiveChatSession session = new LiveChatSession(UUID.randomUUID().toString(), connectorId, connector.channelId(),
        digest(token), blankToNull(visitor.name()), blankToNull(visitor.email()), blankToNull(visitor.phone()),
        blankToNull(language), clock.instant(), null, null);
    mongo.insert(session);
    LiveChatSettings settings = connector.liveChat();
    return new Started(session.id(), token, settings.consentRequired(), settings.consentRequired() ? settings.consentText() : null);
  }

  LiveChatSession authenticate(String token) {
    if (token == null || token.isBlank()) {
      throw new LiveChatProblems.InvalidToken();
    }
    LiveChatSession session = mongo.findOne(Query.query(Criteria.where("tokenDigest").is(digest(token))), LiveChatSession.class);
    if (session == null) {
      throw new LiveChatProblems.InvalidToken();
    }
    return session;
  }

  void acceptConsent(LiveChatSession session) {
    mongo.updateFirst(Query.query(Criteria.where("_id").is(session.id()).and("consentAcceptedAt").is(null)),
        new Update().set("consentAcceptedAt", clock.instant()), LiveChatSession.class);
  }

  IngestionResult send(LiveChatSession session, LiveChatApi.ClientText message) {
    ConnectorSettings connector = consented(session);
    return ingest(session, connector, message.clientMessageId(), message.text(), List.of());
  }

  /**
   * A file from the visitor, with an optional caption, within the connector's limits. Sent again with the same
   * {@code clientMessageId} (a retry after a network error), it is neither stored nor ingested twice.
   */
  IngestionResult sendFile(LiveChatSession session, String clientMessageId, String caption, MultipartFile file) {
    ConnectorSettings connector = consented(session);
    Optional<ConversationMessage> earlier = ingestion.find(connector.id(), session.id(), clientMessageId);
    if (earlier.isPresent() && !earlier.get().getAttachments().isEmpty()) {
      return ingest(session, connector, clientMessageId, earlier.get().getText(), earlier.get().outgoingAttachments());
    }
    OutboundMessage.Attachment stored = uploads.accept(file, connector);
    return ingest(session, connector, clientMessageId, caption == null || caption.isBlank() ? null : caption, List.of(stored));
  }

  private ConnectorSettings consented(LiveChatSession session) {
    ConnectorSettings connector = connectors.require(session.connectorId(), ConnectorTypes.LIVECHAT);
    if (connector.liveChat().consentRequired() && session.consentAcceptedAt() == null) {
      throw new ConflictException("Accept the consent notice first (POST /livechat/consent): this chat requires it before the first message");
    }
    return connector;
  }

  private IngestionResult ingest(
      LiveChatSession session, ConnectorSettings connector, String clientMessageId, String text, List<OutboundMessage.Attachment> files) {
    return ingestion.receive(
        new InboundMessage(ConnectorTypes.LIVECHAT, connector.id(), clientMessageId, session.id(),
            new InboundMessage.ClientProfile(session.name(), session.phone(), session.email(), session.language()),
            text, files, false, clock.instant()),
        connector);
  }

  /**
   * A message of the visitor's own chat, for downloading its files: one they sent, or one sent to them (never an
   * operators' silent note, never another session's message).
   */
  ConversationMessage messageFor(LiveChatSession session, String messageId) {
    ConversationMessage message = messages.find(messageId).orElse(null);
    boolean theirs = message != null && !message.isSilent() && message.getDeletedAt() == null
        && (message.getAuthor() == MessageAuthor.CLIENT
            ? session.connectorId().equals(message.getConnectorId()) && session.id().equals(message.getClientId())
            : message.getConversationId() != null && conversations.findById(message.getConversationId())
                .filter(c -> session.connectorId().equals(c.getConnectorId()) && session.id().equals(c.getClientId()))
                .isPresent());
    if (!theirs) {
      throw new NotFoundException("This chat has no message " + messageId);
    }
    return message;
  }

  void typing(LiveChatSession session, String text) {
    ConnectorSettings connector = connectors.require(session.connectorId(), ConnectorTypes.LIVECHAT);
    String preview = connector.liveChat().typingPreview() ? text : null;
    mongo.updateFirst(Query.query(Criteria.where("_id").is(session.id())),
        new Update().set("typing", new LiveChatSession.Typing(preview, clock.instant())), LiveChatSession.class);
    currentConversation(session)
        .filter(conversation -> conversation.getStatus() != ConversationStatus.CLOSED)
        .ifPresent(conversation -> events.publishEvent(new ConversationEvent.ClientTyping(conversation.getId(), preview)));
  }

  /** The visitor's latest typing event, for the operator's typing preview. */
  Optional<LiveChatSession.Typing> typingOf(String sessionId) {
    return Optional.ofNullable(mongo.findById(sessionId, LiveChatSession.class)).map(LiveChatSession::typing);
  }

  Optional<Conversation> currentConversation(LiveChatSession session) {
    return ingestion.latestConversationOf(session.connectorId(), session.id()).flatMap(conversations::findById);
  }

  /**
   * Rating opens when the conversation is closed. It is stored by {@link RatingService} like every
   * channel's rating (the latest counts); the process hears of the first one, which ends its rating wait.
   */
  void rate(LiveChatSession session, LiveChatApi.Rating rating) {
    Conversation conversation = currentConversation(session)
        .orElseThrow(() -> new ConflictException("There is no conversation to rate yet: write a message first"));
    if (conversation.getStatus() != ConversationStatus.CLOSED) {
      throw new ConflictException("Rating opens once the operator closed the conversation; it is " + conversation.getStatus());
    }
    if (ratings.rate(conversation.getId(), rating.rating(), rating.comment()) != RatingService.Result.RECORDED) {
      throw new ConflictException("This conversation cannot be rated: it was marked as spam");
    }
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
