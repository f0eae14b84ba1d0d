package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of mongo-java-server's request handler and adds what it lacks:
 *
 * <ul>
 *   <li>Authentication: a connection may only say hello until it authenticates with SASL PLAIN as
 *       the user and per-start password the application was given. mongo-java-server itself
 *       accepts any local client.
 *   <li>Durable acknowledgement: the reply to a write command leaves only after the
 *       {@link GroupCommitter} wrote the change to the file.
 * </ul>
 *
 * Reads and the handshake go on to the stock handler unchanged.
 */
final class StoreRequestHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(StoreRequestHandler.class);
  private static final AttributeKey<Boolean> AUTHENTICATED = AttributeKey.valueOf("openlines.store.authenticated");
  private static final Set<String> HANDSHAKE = Set.of("hello", "ismaster");
  private static final Set<String> WRITES = Set.of(
      "insert", "update", "delete", "findandmodify", "create", "createindexes", "drop", "dropindexes",
      "dropdatabase", "renamecollection");
  /** MongoDB's own command for "flush everything to disk"; answered once the writes before it are committed. */
  static final String BARRIER = "fsync";
  private static final int UNAUTHORIZED = 13;
  private static final int AUTHENTICATION_FAILED = 18;

  private final MongoBackend backend;
  private final GroupCommitter committer;
  private final StoreStats stats;
  private final StoreCredentials credentials;
  private final AtomicInteger replyIds = new AtomicInteger();

  StoreRequestHandler(MongoBackend backend, GroupCommitter committer, StoreCredentials credentials, StoreStats stats) {
    this.backend = backend;
    this.stats = stats;
    this.committer = committer;
    this.credentials = credentials;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object request) {
    boolean authenticated = Boolean.TRUE.equals(ctx.channel().attr(AUTHENTICATED).get());
    if (request instanceof MongoQuery query) {
      if (authenticated || HANDSHAKE.contains(commandOf(query.getQuery()))) {
        ctx.fireChannelRead(request);
      } else {
        refuse(ctx, "a legacy query before authentication");
      }
      return;
    }
    if (!(request instanceof MongoMessage message)) {
      ctx.fireChannelRead(request);
      return;
    }
    String command = commandOf(message.getDocument());
    if (!authenticated) {
      if (command.equals("saslstart")) {
        ctx.writeAndFlush(reply(message, authenticate(ctx, message.getDocument())));
      } else if (HANDSHAKE.contains(command)) {
        ctx.fireChannelRead(request);
      } else {
        ctx.writeAndFlush(reply(message, error(UNAUTHORIZED, "Unauthorized", "Authentication required: command " + command)));
      }
      return;
    }
    if (!HANDSHAKE.contains(command)) {
      Document body = message.getDocument();
      stats.command(command, command.equals("getmore") ? body.get("collection") : body.get(body.keySet().iterator().next()));
    }
    if (command.equals(BARRIER)) {
      // Everything written before, by any client, is in the file when this is answered.
      Document ok = new Document("ok", 1.0);
      if (committer == null) {
        ctx.writeAndFlush(reply(message, ok));
      } else {
        committer.afterCommit(failure -> ctx.writeAndFlush(reply(message, failure == null ? ok : commitFailed(failure))));
      }
      return;
    }
    if (!WRITES.contains(command)) {
      ctx.fireChannelRead(request);
      return;
    }
    boolean deferred = journalWaived(message.getDocument());
    if (deferred) {
      stats.deferred();
    }
    if (committer == null) {
      ctx.fireChannelRead(request);
      return;
    }
    Document response = handle(message);
    if (deferred) {
      // Write concern {j: false}: the writer asks for the file later with one barrier (fsync) for many
      // writes; the commit still follows at once, it is only not waited for.
      committer.afterCommit(failure -> {});
      ctx.writeAndFlush(reply(message, response));
      return;
    }
    committer.afterCommit(failure -> ctx.writeAndFlush(reply(message, failure == null ? response : commitFailed(failure))));
  }

  private static Document commitFailed(RuntimeException failure) {
    return error(8, "UnknownError", "The store could not write the change to its file: " + failure.getMessage());
  }

  private static boolean journalWaived(Document command) {
    return command.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
  }

  private Document authenticate(ChannelHandlerContext ctx, Document saslStart) {
    if (!"PLAIN".equals(saslStart.get("mechanism")) || !(saslStart.get("payload") instanceof BinData payload)) {
      return error(AUTHENTICATION_FAILED, "AuthenticationFailed", "Only SASL PLAIN is accepted");
    }
    // RFC 4616: [authzid] NUL authcid NUL passwd
    String[] parts = new String(payload.getData(), StandardCharsets.UTF_8).split("\u0000", -1);
    if (parts.length != 3 || !credentials.matches(parts[1], parts[2])) {
      log.warn("Refused a store client with wrong credentials: {}", ctx.channel().remoteAddress());
      return error(AUTHENTICATION_FAILED, "AuthenticationFailed", "Authentication failed");
    }
    ctx.channel().attr(AUTHENTICATED).set(Boolean.TRUE);
    Document ok = new Document("conversationId", 1);
    ok.put("done", Boolean.TRUE);
    ok.put("payload", new BinData(new byte[0]));
    ok.put("ok", 1.0);
    return ok;
  }

  private void refuse(ChannelHandlerContext ctx, String what) {
    log.warn("Closed a store connection that sent {}: {}", what, ctx.channel().remoteAddress());
    ctx.close();
  }

  private Document handle(MongoMessage message) {
    try {
      return backend.handleMessage(message);
    } catch (MongoServerError e) {
      return error(e.getCode(), e.getCodeName(), e.getMessageWithoutErrorCode());
    } catch (MongoServerException e) {
      return error(8, "UnknownError", e.getMessageWithoutErrorCode());
    } catch (RuntimeException e) {
      log.error("Store command failed", e);
      return error(8, "UnknownError", "Unknown error: " + e.getMessage());
    }
  }

  private MongoMessage reply(MongoMessage request, Document document) {
    return new MongoMessage(
        request.getChannel(), new MessageHeader(replyIds.incrementAndGet(), request.getHeader().getRequestID()), document);
  }

  private static Document error(int code, String codeName, String message) {
    Document error = new Document("$err", message);
    error.put("errmsg", message);
    error.put("code", code);
    if (codeName != null) {
      error.put("codeName", codeName);
    }
    error.put("ok", 0);
    return error;
  }

  private static String commandOf(Document document) {
    if (document.isEmpty()) {
      return "";
    }
    String first = document.keySet().iterator().next();
    if (first.equals("$query") && document.get("$query") instanceof Document inner) {
      return commandOf(inner);
    }
    return first.toLowerCase(Locale.ROOT);
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
