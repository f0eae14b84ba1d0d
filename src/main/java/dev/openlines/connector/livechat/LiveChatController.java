package dev.openlines.connector.livechat;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.OpenChannel;
import dev.openlines.connector.ConnectorSettings;

import dev.openlines.api.ConflictException;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.attachment.AttachmentDownloads;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.ratelimit.PublicRateLimiter;
import dev.openlines.ratelimit.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.conversation.inbound.IngestionResult;
import dev.openlines.push.StreamTickets;
import jakarta.validation.Valid;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The website visitor's side of a live chat. No operator login: every call after the start carries
 * the chat's session token in {@code X-LiveChat-Token}; the event stream, which browsers open without
 * custom headers, takes a one-time ticket bought with the token instead. Chat starts, messages and
 * history requests are rate-limited per client address and per chat ({@link PublicRateLimiter}, 429 with
 * {@code Retry-After}).
 */
@RestController
@RequestMapping("/livechat")
class LiveChatController {

  static final String TOKEN_HEADER = "X-LiveChat-Token";
  private static final String STREAM_TICKET_KIND = "visitor";

  private final LiveChatService chats;
  private final LiveChatStreams streams;
  private final LiveChatHistoryMail history;
  private final ConnectorSettingsService connectors;
  private final StreamTickets tickets;
  private final PublicRateLimiter limits;
  private final AttachmentDownloads downloads;
  private final ChannelService channels;

  LiveChatController(LiveChatService chats, LiveChatStreams streams, LiveChatHistoryMail history, ConnectorSettingsService connectors,
      StreamTickets tickets, PublicRateLimiter limits, AttachmentDownloads downloads, ChannelService channels) {
    this.downloads = downloads;
    this.channels = channels;
    this.tickets = tickets;
    this.limits = limits;
    this.chats = chats;
    this.streams = streams;
    this.history = history;
    this.connectors = connectors;
  }

  /** A conversation that a new message continues rather than opening a new one (and so not counted against the waiting cap). */
  private static boolean open(Conversation conversation) {
    return conversation.getStatus() != ConversationStatus.CLOSED && conversation.getStatus() != ConversationStatus.SPAM;
  }

  /** Public: read by the widget before the visitor starts a chat (channel settings come from the cache). */
  @GetMapping("/{connectorId}/config")
  LiveChatApi.Config config(@PathVariable String connectorId) {
    ConnectorSettings connector = connectors.require(connectorId, ConnectorTypes.LIVECHAT);
    OpenChannel channel = channels.get(connector.channelId());
    return new LiveChatApi.Config(channel.getName(), channel.isActive(), connector.liveChat().consentRequired());
  }

  @PostMapping("/{connectorId}/chats")
  @ResponseStatus(HttpStatus.CREATED)
  LiveChatApi.ChatStarted start(@PathVariable String connectorId, @Valid @RequestBody(required = false) LiveChatApi.StartChat visitor,
      HttpServletRequest request) {
    limits.chatStart(connectorId, connectors.require(connectorId, ConnectorTypes.LIVECHAT).rateLimits(), request.getRemoteAddr());
    LiveChatApi.StartChat given = visitor == null ? new LiveChatApi.StartChat(null, null, null) : visitor;
    LiveChatService.Started started = chats.start(connectorId, given, firstLanguage(given.language(), request));
    return new LiveChatApi.ChatStarted(started.sessionId(), started.token(), started.consentRequired(), started.consentText());
  }

  /** The visitor's own language, else the browser's first Accept-Language; null when neither says. */
  private static String firstLanguage(String given, HttpServletRequest request) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    String header = request.getHeader("Accept-Language");
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return java.util.Locale.LanguageRange.parse(header).stream()
          .map(java.util.Locale.LanguageRange::getRange)
          .filter(range -> !range.equals("*"))
          .findFirst()
          .orElse(null);
    } catch (IllegalArgumentException unreadable) {
      return null;
    }
  }

  @GetMapping("/session")
  LiveChatApi.Session session(@RequestHeader(name = TOKEN_HEADER, required = false) String token) {
    LiveChatSession session = chats.authenticate(token);
    boolean consentRequired = connectors.require(session.connectorId(), ConnectorTypes.LIVECHAT).liveChat().consentRequired();
    Optional<Conversation> conversation = chats.currentConversation(session);
    return new LiveChatApi.Session(session.id(), session.name(), consentRequired, session.consentAcceptedAt() != null,
        conversation.map(Conversation::getId).orElse(null),
        conversation.map(c -> c.getStatus().name()).orElse(null));
  }

  @PostMapping("/consent")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void acceptConsent(@RequestHeader(name = TOKEN_HEADER, required = false) String token) {
    chats.acceptConsent(chats.authenticate(token));
  }

  @PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  LiveChatApi.Accepted send(@RequestHeader(name = TOKEN_HEADER, required = false) String token,
      @Valid @RequestBody LiveChatApi.ClientText message, HttpServletRequest request) {
    Admitted admitted = admitMessage(token, request);
    IngestionResult result = admitted.ingest(() -> chats.send(admitted.session(), message));
    return new LiveChatApi.Accepted(result.messageId(), result.conversationId());
  }

  /**
   * A file (or picture) from the visitor: multipart/form-data with parts {@code file}, {@code clientMessageId} and an
   * optional {@code text}. Within the connector's limits (413 over {@code maxAttachmentBytes}, 415 for a type not in
   * {@code attachmentTypes}; nothing is stored then); rate-limited like a message.
   */
  @PostMapping(path = "/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  LiveChatApi.Accepted sendFile(@RequestHeader(name = TOKEN_HEADER, required = false) String token,
      @RequestPart(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "clientMessageId", required = false) String clientMessageId,
      @RequestParam(name = "text", required = false) String text,
      HttpServletRequest request) {
    if (clientMessageId == null || clientMessageId.isBlank() || clientMessageId.length() > 100) {
      throw new InvalidRequestException("clientMessageId", "must be the browser's id of this message, e.g. a UUID (at most 100 characters)");
    }
    if (text != null && text.length() > 10_000) {
      throw new InvalidRequestException("text", "must be at most 10000 characters");
    }
    Admitted admitted = admitMessage(token, request);
    IngestionResult result = admitted.ingest(() -> chats.sendFile(admitted.session(), clientMessageId, text, file));
    return new LiveChatApi.Accepted(result.messageId(), result.conversationId());
  }

  /** A file of a message of the visitor's own chat; {@code index} counts the message's attachments from 0. */
  @GetMapping("/messages/{messageId}/attachments/{index}")
  ResponseEntity<Resource> attachment(@RequestHeader(name = TOKEN_HEADER, required = false) String token,
      @PathVariable String messageId, @PathVariable int index) {
    return downloads.download(chats.messageFor(chats.authenticate(token), messageId), index);
  }

  /** A message past the rate limits, with the place it took under the connector's waiting cap, if it opens a conversation. */
  private record Admitted(LiveChatSession session, Runnable giveBackPlace) {

    /** A message the service refuses after all (overloaded, invalid) opens nothing, so its place is given back. */
    IngestionResult ingest(Supplier<IngestionResult> ingestion) {
      try {
        return ingestion.get();
      } catch (RuntimeException refused) {
        giveBackPlace.run();
        throw refused;
      }
    }
  }

  private Admitted admitMessage(String token, HttpServletRequest request) {
    LiveChatSession session = chats.authenticate(token);
    RateLimits own = connectors.require(session.connectorId(), ConnectorTypes.LIVECHAT).rateLimits();
    limits.message(session.connectorId(), own, session.id(), request.getRemoteAddr());
    if (chats.currentConversation(session).filter(LiveChatController::open).isEmpty()) {
      return new Admitted(session, limits.newConversation(session.connectorId(), own));
    }
    return new Admitted(session, () -> {});
  }

  /** Step one of opening the event stream: the token goes in a header, the ticket into the stream's URL. */
  @PostMapping("/stream-tickets")
  StreamTickets.Ticket streamTicket(@RequestHeader(name = TOKEN_HEADER, required = false) String token) {
    String sessionId = chats.authenticate(token).id();
    return tickets.issue(new StreamTickets.Holder(STREAM_TICKET_KIND, sessionId, java.util.Set.of()));
  }

  /**
   * The visitor's event stream: {@code ?ticket=} from {@code POST /livechat/stream-tickets} (browsers), or the
   * token in {@code X-LiveChat-Token} (clients that can send headers). A token in the URL is refused: URLs end
   * up in access logs.
   */
  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@RequestHeader(name = TOKEN_HEADER, required = false) String header,
      @RequestParam(name = "ticket", required = false) String ticket,
      @RequestParam(name = "token", required = false) String tokenInUrl) {
    if (tokenInUrl != null) {
      throw new InvalidRequestException("token", "must not be in the URL (access logs keep URLs): "
          + "get a ticket from POST /livechat/stream-tickets with the token in " + TOKEN_HEADER + " and pass ?ticket=");
    }
    if (header != null) {
      return streams.connect(chats.authenticate(header).id());
    }
    String sessionId = tickets.redeem(ticket, STREAM_TICKET_KIND).map(StreamTickets.Holder::subject)
        .orElseThrow(LiveChatProblems.InvalidTicket::new);
    return streams.connect(sessionId);
  }

  @PostMapping("/typing")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void typing(@RequestHeader(name = TOKEN_HEADER, required = false) String token, @Valid @RequestBody LiveChatApi.Typing typing) {
    chats.typing(chats.authenticate(token), typing.text());
  }

  @PostMapping("/rating")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void rate(@RequestHeader(name = TOKEN_HEADER, required = false) String token, @Valid @RequestBody LiveChatApi.Rating rating) {
    chats.rate(chats.authenticate(token), rating);
  }

  @PostMapping("/history-requests")
  @ResponseStatus(HttpStatus.ACCEPTED)
  LiveChatApi.HistoryRequested requestHistory(@RequestHeader(name = TOKEN_HEADER, required = false) String token,
      @Valid @RequestBody(required = false) LiveChatApi.HistoryRequest request) {
    LiveChatSession session = chats.authenticate(token);
    String email = history.recipient(session, request == null ? null : request.email());
    limits.historyRequest(connectors.require(session.connectorId(), ConnectorTypes.LIVECHAT).rateLimits(), session.id());
    Conversation conversation = chats.currentConversation(session)
        .orElseThrow(() -> new ConflictException("There is no conversation yet: write a message first"));
    LiveChatHistoryMail.HistoryRequest stored = history.request(session, conversation.getId(), email);
    return new LiveChatApi.HistoryRequested(stored.id(), stored.sentAt() != null);
  }
}
