package dev.openlines.workflow.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The store-backed queue of commands for the workflow engine. Queuing is idempotent (the command id
 * says what caused it); delivery is claimed with one conditional update, so two application
 * instances never send the same command at the same time.
 *
 * <p>A delivered command moves from {@value #COLLECTION} to {@value #DELIVERED}: the queue holds only
 * what is still to send, so claiming due commands reads a handful of documents however many were
 * ever queued (the embedded store scans a collection for any query not by id). The delivered ones
 * stay, read by id only, because they still decide things: which message opened a conversation, and
 * that a command queued again by a redelivery was sent already.
 */
@Component
public class ProcessCommandOutbox {

  private static final String COLLECTION = "process_outbox";
  private static final String DELIVERED = "process_outbox_delivered";
  /** The token of the claim that last took a command (several are claimed in one update, then read by it). */
  private static final String CLAIM = "claim";

  private final MongoTemplate mongo;
  private final Clock clock;
  private final IngestionProperties properties;

  public ProcessCommandOutbox(MongoTemplate mongo, Clock clock, IngestionProperties properties) {
    this.mongo = mongo;
    this.clock = clock;
    this.properties = properties;
    mongo
        .indexOps(ProcessCommand.class)
        .createIndex(new Index().on("deliveredAt", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC).named("due"));
  }

  /**
   * Queues the start of the conversation's process carrying this message, unless the start of the
   * conversation is already queued (it exists once per conversation, whatever its message).
   *
   * <p>The start command is what decides which message opens a conversation: every message assigned
   * to a conversation asks here, and the first one to queue the start owns it. A message that learns
   * the start is someone else's is a client message of a (starting) conversation. This holds however
   * deliveries interleave or crash, which "the call that created the conversation starts it" does not.
   *
   * @param messageVariable the start variable that names the message the start carries
   * @param conversationStoredByCaller the caller stored the conversation a moment ago: its start is most likely
   *     not sent, so the read "sent already?" before the insert is left out (it only spares a later message of a
   *     running conversation an insert and its withdrawal); a start sent meanwhile (by a concurrent message's
   *     delivery) is still found by the read after the insert, and the start is still that message's
   * @return true when the queued start carries this message (also when this message queued it before)
   */
  public boolean queueStartUnlessQueued(String conversationId, String messageVariable, String messageId,
      Map<String, Object> variables, boolean conversationStoredByCaller) {
    String id = ProcessCommand.startId(conversationId);
    Query byId = Query.query(Criteria.where("_id").is(id));
    byId.fields().include("variables", "attempts");
    // The usual case is the conversation's first message: one read (not sent already?, left out for a
    // conversation the caller just stored), one insert and one read more (not sent meanwhile?). Only a start
    // queued before (an insert refused on its id) is read back to see whose message it carries.
    ProcessCommand delivered = conversationStoredByCaller ? null : mongo.findOne(byId, ProcessCommand.class, DELIVERED);
    if (delivered == null) {
      Map<String, Object> withMessage = new HashMap<>(variables);
      withMessage.put(messageVariable, messageId);
      try {
        Optional<ProcessCommand> deliveredMeanwhile = insertUnlessDeliveredMeanwhile(startCommand(id, conversationId, withMessage), byId);
        return deliveredMeanwhile.map(sent -> messageId.equals(sent.variables().get(messageVariable))).orElse(true);
      } catch (DuplicateKeyException queuedBefore) {
        // Queued by an earlier or concurrent delivery of this or another message of the conversation.
      }
    }
    ProcessCommand start = delivered != null ? delivered : findQueuedOrDelivered(byId);
    return messageId.equals(start.variables().get(messageVariable));
  }

  private ProcessCommand startCommand(String id, String conversationId, Map<String, Object> variables) {
    Instant now = clock.instant();
    return new ProcessCommand(
        id, ProcessCommand.Kind.START_CONVERSATION, conversationId, null, null, variables, now, 0, now, null, null);
  }

  /**
   * Queues a message for the conversation's process, correlated by the conversation id. The
   * command id doubles as the engine's message id, so a republished message is dropped by the engine
   * too while it is buffered.
   *
   * @param timeToLive how long the engine keeps the message while no process waits for it
   */
  public void queueMessage(
      String commandId, String conversationId, String messageName, Duration timeToLive, Map<String, Object> variables) {
    insertOnce(
        new ProcessCommand(
            commandId,
            ProcessCommand.Kind.PUBLISH_MESSAGE,
            conversationId,
            messageName,
            timeToLive,
            variables,
            clock.instant(),
            0,
            clock.instant(),
            null,
            null));
  }

  private ProcessCommand findQueuedOrDelivered(Query byId) {
    ProcessCommand queued = mongo.findOne(byId, ProcessCommand.class, COLLECTION);
    return queued != null ? queued : mongo.findOne(byId, ProcessCommand.class, DELIVERED);
  }

  private void insertOnce(ProcessCommand command) {
    Query byId = Query.query(Criteria.where("_id").is(command.id()));
    if (mongo.findOne(byId, Document.class, DELIVERED) != null) { // not exists(): it counts, an aggregation
      return; // queued again by a redelivery after it was sent: the engine has it
    }
    try {
      insertUnlessDeliveredMeanwhile(command, byId);
    } catch (DuplicateKeyException alreadyQueued) {
      // Queued by an earlier or concurrent delivery of the same cause.
    }
  }

  /**
   * Inserts the command into the queue, then reads once more whether a command of the same id was
   * delivered meanwhile. The relay moves a sent command by copying it to {@value #DELIVERED} and then
   * removing it from the queue, so an insert that passed the "not sent yet?" check just before the
   * copy can land just after the removal: a second copy of a command already sent (with the second
   * caller's variables). It is withdrawn again before the relay sends it (the relay is woken only
   * after the caller returns).
   *
   * @return the delivered command when ours was such a late copy and was withdrawn
   */
  private Optional<ProcessCommand> insertUnlessDeliveredMeanwhile(ProcessCommand command, Query byId) {
    mongo.insert(command);
    ProcessCommand deliveredMeanwhile = mongo.findOne(byId, ProcessCommand.class, DELIVERED);
    if (deliveredMeanwhile != null) {
      mongo.remove(Query.query(Criteria.where("_id").is(command.id())), COLLECTION);
    }
    return Optional.ofNullable(deliveredMeanwhile);
  }

  /**
   * Takes up to {@code max} due commands, oldest first, for this relay for the lease time. One query
   * finds them; a single one is claimed with a conditional findAndModify on its id, several with one
   * conditional update of all of them under a fresh claim token and one read of what carries it
   * (three round trips for a whole batch instead of one per command). Either way a command another
   * relay instance claimed in between is skipped, never sent twice at the same time.
   */
  List<ProcessCommand> claimDue(int max) {
    Instant now = clock.instant();
    Query due =
        Query.query(Criteria.where("deliveredAt").is(null).and("nextAttemptAt").lte(now))
            .with(Sort.by("nextAttemptAt", "createdAt"))
            .limit(max);
    due.fields().include("_id");
    List<Object> ids = mongo.find(due, Document.class, COLLECTION).stream().map(d -> d.get("_id")).toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    Instant leaseEnd = now.plus(properties.relay().lease());
    if (ids.size() == 1) {
      Query stillDue = stillDue(Criteria.where("_id").is(ids.get(0)), now);
      ProcessCommand command =
          mongo.findAndModify(
              stillDue, new Update().set("nextAttemptAt", leaseEnd), FindAndModifyOptions.options().returnNew(false), ProcessCommand.class);
      return command == null ? List.of() : List.of(command);
    }
    String claim = UUID.randomUUID().toString();
    mongo.updateMulti(
        stillDue(Criteria.where("_id").in(ids), now),
        new Update().set("nextAttemptAt", leaseEnd).set(CLAIM, claim),
        ProcessCommand.class);
    Query claimed = Query.query(Criteria.where("_id").in(ids).and(CLAIM).is(claim));
    claimed.fields().include("kind", "conversationId", "messageName", "timeToLive", "variables", "createdAt", "attempts");
    List<ProcessCommand> commands = new ArrayList<>(mongo.find(claimed, ProcessCommand.class));
    commands.sort(Comparator.comparing(command -> ids.indexOf(command.id())));
    return commands;
  }

  private static Query stillDue(Criteria ids, Instant now) {
    Query query = Query.query(ids.and("deliveredAt").is(null).and("nextAttemptAt").lte(now));
    query.fields().include("kind", "conversationId", "messageName", "timeToLive", "variables", "createdAt", "attempts");
    return query;
  }

  /**
   * Moves the command out of the queue. Copied first, then removed: a crash in between leaves it in
   * both, and the relay sends it once more (at least once, as after a crash before this call).
   */
  void markDelivered(ProcessCommand command) {
    ProcessCommand delivered =
        new ProcessCommand(
            command.id(),
            command.kind(),
            command.conversationId(),
            command.messageName(),
            command.timeToLive(),
            command.variables(),
            command.createdAt(),
            command.attempts(),
            null,
            clock.instant(),
            null);
    try {
      mongo.insert(delivered, DELIVERED);
    } catch (DuplicateKeyException movedBefore) {
      // Sent again after a crash between the copy and the removal.
    }
    mongo.remove(Query.query(Criteria.where("_id").is(command.id())), COLLECTION);
  }

  /** Counts a failed attempt and schedules the next one with exponential backoff. */
  void markFailed(ProcessCommand command, String error) {
    int attempts = command.attempts() + 1;
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(command.id())),
        new Update()
            .set("attempts", attempts)
            .set("lastError", error)
            .set("nextAttemptAt", clock.instant().plus(backoff(attempts))),
        ProcessCommand.class);
  }

  /** Puts a command back without counting an attempt (it has to wait for another command first). */
  void postpone(String commandId, Duration delay) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(commandId)),
        new Update().set("nextAttemptAt", clock.instant().plus(delay)),
        ProcessCommand.class);
  }

  /** How many commands the engine has not accepted yet. */
  public long depth() {
    return mongo.count(Query.query(Criteria.where("deliveredAt").is(null)), COLLECTION);
  }

  /** How long the oldest command the engine has not accepted yet has waited (zero when none waits). */
  public Duration oldestAge() {
    Query oldest = Query.query(Criteria.where("deliveredAt").is(null)).with(Sort.by("createdAt")).limit(1);
    oldest.fields().include("createdAt");
    Document first = mongo.findOne(oldest, Document.class, COLLECTION);
    if (first == null || first.getDate("createdAt") == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(first.getDate("createdAt").toInstant(), clock.instant());
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** True while the conversation's process start has not been accepted by the engine. */
  public boolean startPending(String conversationId) {
    return mongo.exists(
        Query.query(Criteria.where("_id").is(ProcessCommand.startId(conversationId)).and("deliveredAt").is(null)),
        ProcessCommand.class);
  }

  public Duration backoff(int attempts) {
    Duration initial = properties.relay().initialBackoff();
    Duration max = properties.relay().maxBackoff();
    int doublings = Math.min(attempts - 1, 20);
    Duration next = initial.multipliedBy(1L << doublings);
    return next.compareTo(max) > 0 ? max : next;
  }

  /** The stored command, queued or delivered, e.g. to show a supervisor why a conversation has not started. */
  public Optional<ProcessCommand> find(String commandId) {
    return Optional.ofNullable(findQueuedOrDelivered(Query.query(Criteria.where("_id").is(commandId))));
  }

  public static String startCommandId(String conversationId) {
    return ProcessCommand.startId(conversationId);
  }

  public static String clientMessageCommandId(String receivedMessageId) {
    return "message:" + receivedMessageId;
  }

  /** The id of the {@code bot-client-message} command that forwards a received message to the chat bot. */
  public static String botMessageCommandId(String receivedMessageId) {
    return "bot-message:" + receivedMessageId;
  }
}
