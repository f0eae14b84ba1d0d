package dev.openlines.connector.livechat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import dev.openlines.push.SseHub;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The visitors' event streams (held by {@link SseHub}, which caps and releases them). Operator messages are stored first
 * and pushed to every open stream of the session; what no stream took stays pending and is sent on
 * the next connect (on whichever instance the browser reconnects to).
 */
@Component
class LiveChatStreams {

  /**
   * One message for the visitor as the browser receives it (SSE event {@code message}).
   *
   * @param author OPERATOR, BOT or SYSTEM (greeting, closing text, rating request and other automatic texts)
   * @param operatorName the operator's name as the channel shows it, on OPERATOR messages only (null when hidden)
   * @param operatorPhotoUrl the operator's photo as the channel shows it, likewise
   * @param attachments the message's files; each url is where the widget downloads it with the session token
   *     ({@code /livechat/messages/{id}/attachments/{index}})
   */
  record MessageEvent(
      String id,
      String text,
      List<dev.openlines.connector.OutboundMessage.Attachment> attachments,
      Instant sentAt,
      String author,
      String operatorName,
      String operatorPhotoUrl) {}

  private final SseHub hub;
  private final MongoTemplate mongo;
  private final Clock clock;
  private final LiveChatProperties properties;

  LiveChatStreams(SseHub hub, MongoTemplate mongo, Clock clock, LiveChatProperties properties) {
    this.hub = hub;
    this.mongo = mongo;
    this.clock = clock;
    this.properties = properties;
    mongo.indexOps(LiveChatOutgoing.class).createIndex(
        new Index().on("sessionId", Sort.Direction.ASC).on("deliveredAt", Sort.Direction.ASC).named("pending-by-session"));
  }

  /** @throws dev.openlines.push.TooManyStreamsException when the session has the most streams allowed open */
  SseEmitter connect(String sessionId) {
    SseEmitter emitter = hub.open(subject(sessionId), properties.streamTimeout().toMillis());
    // Tells the browser the stream is open (and makes the server send the response headers now).
    if (hub.send(emitter, SseEmitter.event().name("ready").data("{\"sessionId\":\"" + sessionId + "\"}", MediaType.APPLICATION_JSON))) {
      flush(sessionId);
    }
    return emitter;
  }

  /** Operator typing, shown in the widget as "typing..."; not stored, a lost one matters to nobody. */
  void operatorTyping(String sessionId) {
    hub.sendToAll(subject(sessionId), SseEmitter.event().name("typing").data("{}", MediaType.APPLICATION_JSON));
  }

  /** The conversation was closed: the widget shows the rating form. */
  void conversationClosed(String sessionId, String conversationId) {
    hub.sendToAll(subject(sessionId),
        SseEmitter.event().name("closed").data("{\"conversationId\":\"" + conversationId + "\"}", MediaType.APPLICATION_JSON));
  }

  /**
   * Since when no widget of the session has been connected here: empty while one is; the session's start
   * when none was connected since this instance started.
   */
  Optional<Instant> visitorGoneSince(LiveChatSession session) {
    String subject = subject(session.id());
    if (hub.hasStream(subject)) {
      return Optional.empty();
    }
    return Optional.of(hub.withoutStreamSince(subject).orElse(session.createdAt()));
  }

  private static String subject(String sessionId) {
    return "visitor:" + sessionId;
  }

  /** Sends the session's pending messages, oldest first, to its open streams here. */
  void flush(String sessionId) {
    String subject = subject(sessionId);
    if (hub.streamsOf(subject).isEmpty()) {
      return;
    }
    synchronized (subject.intern()) {
      List<LiveChatOutgoing> pending = mongo.find(
          Query.query(Criteria.where("sessionId").is(sessionId).and("deliveredAt").is(null)).with(Sort.by("queueOrder", "createdAt", "_id")),
          LiveChatOutgoing.class);
      for (LiveChatOutgoing message : pending) {
        if (!hub.sendToAll(subject, eventOf(message))) {
          return;
        }
        mongo.updateFirst(
            Query.query(Criteria.where("_id").is(message.id()).and("deliveredAt").is(null)),
            new Update().set("deliveredAt", clock.instant()),
            LiveChatOutgoing.class);
      }
    }
  }

  /** Files kept by OpenLines get the visitor's download address; others (a messenger's URL) keep theirs. */
  private static List<dev.openlines.connector.OutboundMessage.Attachment> forVisitor(LiveChatOutgoing message) {
    List<dev.openlines.connector.OutboundMessage.Attachment> files = message.attachments() == null ? List.of() : message.attachments();
    return java.util.stream.IntStream.range(0, files.size())
        .mapToObj(i -> {
          var file = files.get(i);
          String url = dev.openlines.attachment.AttachmentStore.isStored(file.url())
              ? "/livechat/messages/" + message.id() + "/attachments/" + i
              : file.url();
          return new dev.openlines.connector.OutboundMessage.Attachment(file.name(), file.contentType(), file.size(), url);
        })
        .toList();
  }

  /**
   * An operator changed a message the visitor has (SSE event {@code edited} with the new text, or
   * {@code deleted}).
   *
   * @param id the changed message's id, as its {@code message} event gave it
   */
  record ChangeEvent(String id, String text) {}

  private static SseEmitter.SseEventBuilder eventOf(LiveChatOutgoing message) {
    if (message.change() != null) {
      boolean edit = "EDIT".equals(message.change());
      return SseEmitter.event()
          .id(message.id())
          .name(edit ? "edited" : "deleted")
          .data(new ChangeEvent(message.changedMessageId(), edit ? message.text() : null), MediaType.APPLICATION_JSON);
    }
    return SseEmitter.event()
        .id(message.id())
        .name("message")
        .data(
            new MessageEvent(message.id(), message.text(), forVisitor(message), message.createdAt(), message.author(),
                message.operatorName(), message.operatorPhotoUrl()),
            MediaType.APPLICATION_JSON);
  }
}
