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
 * <p>A delivered command stays in {@value #COLLECTION}, marked with {@code deliveredAt}: the ids
 * still decide things (which message opened a conversation, and that a command queued again by a
 * redelivery was sent already), and keeping them in the one collection makes the insert itself that
 * check, atomic in the store. Claiming due commands is served by the index on
 * {@code (deliveredAt, nextAttemptAt)}, so it reads only the undelivered ones however many were ever
 * sent.
 */
@Component
public class ProcessCommandOutbox {

  static final String COLLECTION = "process_outbox";
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
    EarlierDeliveredCommands.mergeInto(mongo, COLLECTION);
  }

  /**
   * Queues the start of the conversation's process carrying this message, unless the start of the
   * conversation is already queued or sent (it exists once per conversation, whatever its message).
   *
   * <p>The start command is what decides which message opens a conversation: every message assigned
   * to a conversation asks here, and the first one to queue the start owns it. A message that learns
   * the start is someone else's is a client message of a (starting) conversation. This holds however
   * deliveries interleave or crash, which "the call that created the conversation starts it" does not.
   *
   * @param messageVariable the start variable that names the message the start carries
   * @return true when the start carries this message (also when this message queued it before)
   */
  public boolean queueStartUnlessQueued(
      String conversationId, String messageVariable, String messageId, Map<String, Object> variables) {
    String id = ProcessCommand.startId(conversationId);
    Map<String, Object> withMessage = new HashMap<>(variables);
    withMessage.put(messageVariable, messageId);
    if (insertOnce(startCommand(id, conversationId, withMessage))) {
      return true;
    }
    // Queued or sent before, by an earlier or concurrent delivery of this or another message.
    Query byId = Query.query(Criteria.where("_id").is(id));
    byId.fields().include("variables", "attempts"); // the record needs its int
    return messageId.equals(mongo.findOne(byId, ProcessCommand.class).variables().get(messageVariable));
  }

  private ProcessCommand startCommand(String id, String conversationId, Map<String, Object> variables) {
    Instant now = clock.instant();
    return new ProcessCommand(
        id, ProcessCommand.Kind.START_CONVERSATION, conversationId, null, null, variables, now, 0, now, null, null);
  }

  /**
   * Queues a message for the conversation's process, correlated by the conversation id, unless it was
   * queued (or sent) before. The command id doubles as the engine's message id, so a republished
   * message is dropped by the engine too while it is buffered.
   *
   * @param timeToLive how long the engine keeps the message while no process waits for it
   */
  public void queueMessage(
      String commandId, String conversationId, String messageName, Duration timeToLive, Map<String, Object> variables) {
    Instant now = clock.instant();
    insertOnce(
        new ProcessCommand(
            commandId, ProcessCommand.Kind.PUBLISH_MESSAGE, conversationId, messageName, timeToLive, variables, now, 0, now,
            null, null));
  }

  /** @return false when a command of the same id was queued or sent before (that one stands) */
  private boolean insertOnce(ProcessCommand command) {
    try {
      mongo.insert(command);
      return true;
    } catch (DuplicateKeyException queuedBefore) {
      return false;
    }
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

  /** Marks the command sent: the relay never claims it again, and queuing its id again does nothing. */
  void markDelivered(ProcessCommand command) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(command.id())),
        new Update().set("deliveredAt", clock.instant()),
        ProcessCommand.class);
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

  /**
   * Whether a message of this name for the conversation waits to be sent, or was sent since {@code since} (to the
   * engine running now); one that was sent is queued again, under its own id. For a process recreated after its
   * message went to an engine that had no instance for it yet: the engine kept it only for its time to live, which
   * recovery may outlast. An engine that still keeps it refuses the copy by its id, and the relay counts it sent.
   * Served by the index of due commands: the undelivered ones and those delivered since then, not every command
   * ever sent.
   */
  public boolean sendAgainIfQueuedOrSentSince(String conversationId, String messageName, Instant since) {
    Query thisRun = Query.query(Criteria.where("conversationId").is(conversationId).and("messageName").is(messageName)
        .orOperator(Criteria.where("deliveredAt").is(null), Criteria.where("deliveredAt").gte(since)));
    return mongo.updateMulti(thisRun, new Update().unset("deliveredAt").set("nextAttemptAt", clock.instant()), ProcessCommand.class)
        .getMatchedCount() > 0;
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
    return Optional.ofNullable(mongo.findById(commandId, ProcessCommand.class));
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
