package dev.openlines.connector.livechat;

import dev.openlines.api.ConflictException;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.ratelimit.PublicRateLimiter;
import dev.openlines.ratelimit.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.conversation.inbound.IngestionResult;
import jakarta.validation.Valid;
import java.util.Optional;
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
 * the chat's session token in {@code X-LiveChat-Token} ({@code ?token=} for the event stream, which
 * browsers open without custom headers). Chat starts, messages and history requests are rate-limited per
 * client address and per chat ({@link PublicRateLimiter}, 429 with {@code Retry-After}).
 */
@RestController
@RequestMapping("/livechat")
class LiveChatController {

  static final String TOKEN_HEADER = "X-LiveChat-Token";

  private final LiveChatService chats;
  private final LiveChatStreams streams;
  private final LiveChatHistoryMail history;
  private final ConnectorSettingsService connectors;
  private final PublicRateLimiter limits;

  LiveChatController(LiveChatService chats, LiveChatStreams streams, LiveChatHistoryMail history, ConnectorSettingsService connectors,
      PublicRateLimiter limits) {
    this.chats = chats;
    this.streams = streams;
    this.history = history;
    this.connectors = connectors;
    this.limits = limits;
  }

  /** A conversation that a new message continues rather than opening a new one (and so not counted against the waiting cap). */
  private static boolean open(Conversation conversation) {
    return conversation.getStatus() != ConversationStatus.CLOSED && conversation.getStatus() != ConversationStatus.SPAM;
  }

  @PostMapping("/{connectorId}/chats")
  @ResponseStatus(HttpStatus.CREATED)
  LiveChatApi.ChatStarted start(@PathVariable String connectorId, @Valid @RequestBody(required = false) LiveChatApi.StartChat visitor,
      HttpServletRequest request) {
    limits.chatStart(connectorId, connectors.require(connectorId, ConnectorTypes.LIVECHAT).rateLimits(), request.getRemoteAddr());
    LiveChatService.Started started = chats.start(connectorId, visitor == null ? new LiveChatApi.StartChat(null, null, null) : visitor);
    return new LiveChatApi.ChatStarted(started.sessionId(), started.token(), started.consentRequired(), started.consentText());
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

  @PostMapping("/messages")
  @ResponseStatus(HttpStatus.ACCEPTED)
  LiveChatApi.Accepted send(@RequestHeader(name = TOKEN_HEADER, required = false) String token,
      @Valid @RequestBody LiveChatApi.ClientText message, HttpServletRequest request) {
    LiveChatSession session = chats.authenticate(token);
    RateLimits own = connectors.require(session.connectorId(), ConnectorTypes.LIVECHAT).rateLimits();
    limits.message(session.connectorId(), own, session.id(), request.getRemoteAddr());
    if (chats.currentConversation(session).filter(LiveChatController::open).isEmpty()) {
      limits.newConversation(session.connectorId(), own);
    }
    IngestionResult result = chats.send(session, message);
    return new LiveChatApi.Accepted(result.messageId(), result.conversationId());
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@RequestHeader(name = TOKEN_HEADER, required = false) String header,
      @RequestParam(name = "token", required = false) String query) {
    return streams.connect(chats.authenticate(header != null ? header : query).id());
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
