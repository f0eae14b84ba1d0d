package dev.openlines.connector.livechat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * The visitors' open event streams on this application instance. Operator messages are stored first
 * and pushed to every open stream of the session; what no stream took stays pending and is sent on
 * the next connect (on whichever instance the browser reconnects to).
 */
@Component
class LiveChatStreams implements org.springframework.context.SmartLifecycle {

  /**
   * One message for the visitor as the browser receives it (SSE event {@code message}).
   *
   * @param author OPERATOR, BOT or SYSTEM (greeting, closing text, rating request and other automatic texts)
   * @param operatorName the operator's display name, on OPERATOR messages only
   */
  record MessageEvent(
      String id,
      String text,
      List<dev.openlines.connector.OutboundMessage.Attachment> attachments,
      Instant sentAt,
      String author,
      String operatorName) {}

  private final Map<String, Set<SseEmitter>> open = new ConcurrentHashMap<>();
  private final MongoTemplate mongo;
  private final Clock clock;
  private final LiveChatProperties properties;

  LiveChatStreams(MongoTemplate mongo, Clock clock, LiveChatProperties properties) {
    this.mongo = mongo;
    this.clock = clock;
    this.properties = properties;
    mongo.indexOps(LiveChatOutgoing.class).createIndex(
        new Index().on("sessionId", Sort.Direction.ASC).on("deliveredAt", Sort.Direction.ASC).named("pending-by-session"));
  }

  SseEmitter connect(String sessionId) {
    SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
    Set<SseEmitter> emitters = open.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet());
    emitters.add(emitter);
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(() -> emitters.remove(emitter));
    emitter.onError(error -> emitters.remove(emitter));
    try {
      // Tells the browser the stream is open (and makes the server send the response headers now).
      emitter.send(SseEmitter.event().name("ready").data("{\"sessionId\":\"" + sessionId + "\"}", MediaType.APPLICATION_JSON));
    } catch (IOException gone) {
      emitters.remove(emitter);
      return emitter;
    }
    flush(sessionId);
    return emitter;
  }

  /** Sends the session's pending messages, oldest first, to its open streams here. */
  void flush(String sessionId) {
    Set<SseEmitter> emitters = open.get(sessionId);
    if (emitters == null || emitters.isEmpty()) {
      return;
    }
    synchronized (emitters) {
      List<LiveChatOutgoing> pending = mongo.find(
          Query.query(Criteria.where("sessionId").is(sessionId).and("deliveredAt").is(null)).with(Sort.by("createdAt", "_id")),
          LiveChatOutgoing.class);
      for (LiveChatOutgoing message : pending) {
        if (!sendToAll(emitters, message)) {
          return;
        }
        mongo.updateFirst(
            Query.query(Criteria.where("_id").is(message.id()).and("deliveredAt").is(null)),
            new Update().set("deliveredAt", clock.instant()),
            LiveChatOutgoing.class);
      }
    }
  }

  private volatile boolean running;

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends open streams before the web server's graceful shutdown, which would otherwise wait for
   * these never-ending requests; browsers reconnect to another instance and get what is pending.
   */
  @Override
  public void stop() {
    running = false;
    open.values().forEach(emitters -> List.copyOf(emitters).forEach(SseEmitter::complete));
    open.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stopped first: the graceful web-server shutdown has a lower phase. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  private static boolean sendToAll(Set<SseEmitter> emitters, LiveChatOutgoing message) {
    boolean sent = false;
    for (SseEmitter emitter : List.copyOf(emitters)) {
      try {
        emitter.send(SseEmitter.event()
            .id(message.id())
            .name("message")
            .data(
                new MessageEvent(message.id(), message.text(), message.attachments(), message.createdAt(), message.author(),
                    message.operatorName()),
                MediaType.APPLICATION_JSON));
        sent = true;
      } catch (IOException | IllegalStateException gone) {
        emitters.remove(emitter);
      }
    }
    return sent;
  }
}
