package dev.openlines.conversation;

import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ConversationTimeout;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.workflow.ProcessMessages;
import dev.openlines.workflow.Workflow;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The conversation timeout: when the client leaves an operator's message unanswered for the channel's
 * time, the conversation closes itself. The store holds the truth ({@code deadlines.inactivityTimeoutAt},
 * set while the clock runs); the process's event sub-process "Client did not reply in time" only waits
 * for that deadline and asks here, when its timer fires, whether the client is still silent. Every
 * decision is one conditional update on the conversation, so operator messages, client messages, pins
 * and the firing timer may interleave in any order.
 *
 * <p>At most one watch runs per conversation: a clock start publishes {@code waiting-for-client} only
 * when no watch is active, and a watch ends (clearing the flag) only together with the check that no
 * clock runs.
 */
@Service
public class ClientSilenceService {

  private static final String DEADLINE = Deadline.INACTIVITY_TIMEOUT.path();

  private final MongoTemplate mongo;
  private final ChannelLifecycleSettingsService settings;
  private final ProcessMessages processMessages;
  private final Clock clock;

  public ClientSilenceService(
      MongoTemplate mongo,
      ChannelLifecycleSettingsService settings,
      ProcessMessages processMessages,
      Clock clock) {
    this.mongo = mongo;
    this.settings = settings;
    this.processMessages = processMessages;
    this.clock = clock;
  }

  /** What the watch's timer found. */
  public record Decision(boolean close, String closingText) {}

  /** An operator's message reached the client: the clock (re)starts unless the conversation is pinned. */
  public void operatorReplied(String conversationId) {
    Conversation conversation = read(conversationId, "channelId");
    if (conversation == null) {
      return;
    }
    Instant now = clock.instant();
    mongo.updateFirst(
        byId(conversationId).addCriteria(Criteria.where("awaitingClientSince").is(null)),
        new Update().set("awaitingClientSince", now),
        Conversation.class);
    timeout(conversation.getChannelId()).ifPresent(timeout -> {
      mongo.updateFirst(
          byId(conversationId).addCriteria(Criteria.where("pinned").ne(true).and("status").is(ConversationStatus.IN_PROGRESS)),
          new Update().set(DEADLINE, now.plus(timeout.after())),
          Conversation.class);
      ensureWatch(conversationId);
    });
  }

  /** The client wrote: the clock stops until an operator writes again. */
  public void clientWrote(String conversationId) {
    mongo.updateFirst(byId(conversationId), new Update().unset("awaitingClientSince").unset(DEADLINE), Conversation.class);
  }

  /**
   * A pin is its holder's lock ("mine"): when the conversation leaves the holder (transfer), the lock
   * goes with them. The clock starts again with the next holder's message.
   */
  public void unpinOnHandOver(String conversationId) {
    mongo.updateFirst(byId(conversationId).addCriteria(Criteria.where("pinned").is(true)), new Update().set("pinned", false), Conversation.class);
  }

  /** Pinned: the clock stops and does not start while pinned. Unpinned: it starts afresh if it would run. */
  public void pin(String conversationId, boolean pinned) {
    if (pinned) {
      mongo.updateFirst(byId(conversationId), new Update().set("pinned", true).unset(DEADLINE), Conversation.class);
      return;
    }
    mongo.updateFirst(byId(conversationId), new Update().set("pinned", false), Conversation.class);
    Conversation conversation = read(conversationId, "channelId");
    if (conversation == null) {
      return;
    }
    timeout(conversation.getChannelId()).ifPresent(timeout -> {
      mongo.updateFirst(
          byId(conversationId)
              .addCriteria(
                  Criteria.where("pinned").ne(true)
                      .and("awaitingClientSince").ne(null)
                      .and("status").is(ConversationStatus.IN_PROGRESS)),
          new Update().set(DEADLINE, clock.instant().plus(timeout.after())),
          Conversation.class);
      ensureWatch(conversationId);
    });
  }

  /**
   * Step "Read when the client's reply time runs out": the running clock's deadline, or empty when no
   * clock runs (the watch then ends and gives the flag back in the same update).
   */
  public Optional<Instant> deadlineToWatch(String conversationId) {
    Query nothingToWatch =
        byId(conversationId)
            .addCriteria(
                new Criteria()
                    .orOperator(
                        Criteria.where(DEADLINE).is(null),
                        Criteria.where("status").ne(ConversationStatus.IN_PROGRESS)));
    nothingToWatch.fields().include("_id");
    Conversation ended =
        mongo.findAndModify(
            nothingToWatch,
            // Not in progress (closed, transferred): the clock stops too, no deadline is left behind.
            new Update().set("silenceWatchActive", false).unset(DEADLINE),
            FindAndModifyOptions.options().returnNew(false),
            Conversation.class);
    if (ended != null) {
      return Optional.empty();
    }
    Conversation running = read(conversationId, DEADLINE);
    return Optional.ofNullable(running == null || running.getDeadlines() == null ? null : running.getDeadlines().inactivityTimeoutAt());
  }

  /**
   * Step "Decide whether to close for silence", when the watched deadline passed: closes for silence
   * only when the clock still runs, is due and the conversation is not pinned, claiming the close in
   * the same update so a second timer can never close twice.
   */
  public Decision decide(String conversationId) {
    Instant now = clock.instant();
    Query due =
        byId(conversationId)
            .addCriteria(
                Criteria.where("status").is(ConversationStatus.IN_PROGRESS)
                    .and("pinned").ne(true)
                    .and(DEADLINE).lte(now));
    due.fields().include("channelId");
    Conversation claimed =
        mongo.findAndModify(
            due,
            new Update()
                .unset(DEADLINE)
                .unset("awaitingClientSince")
                .set("silenceWatchActive", false)
                .set("closedForSilenceAt", now),
            FindAndModifyOptions.options().returnNew(false),
            Conversation.class);
    if (claimed == null) {
      return new Decision(false, "");
    }
    return new Decision(true, timeout(claimed.getChannelId()).map(ConversationTimeout::textToSend).orElse(""));
  }

  /**
   * After a restart of the embedded engine the old watch is gone with it: start a new one when the
   * recreated conversation's clock runs.
   */
  public void watchAgain(String conversationId) {
    mongo.updateFirst(byId(conversationId), new Update().set("silenceWatchActive", false), Conversation.class);
    ensureWatch(conversationId);
  }

  /** Starts a watch unless one is active; the flag is taken in the same update that sees the clock run. */
  private void ensureWatch(String conversationId) {
    Query noWatch =
        byId(conversationId)
            .addCriteria(Criteria.where("silenceWatchActive").ne(true).and(DEADLINE).ne(null));
    noWatch.fields().include("silenceWatchRun");
    Conversation before =
        mongo.findAndModify(
            noWatch,
            new Update().set("silenceWatchActive", true).inc("silenceWatchRun", 1),
            FindAndModifyOptions.options().returnNew(false),
            Conversation.class);
    if (before == null) {
      return;
    }
    processMessages.send(
        Workflow.Message.WAITING_FOR_CLIENT, conversationId, conversationId + ":" + (before.getSilenceWatchRun() + 1), Map.of());
  }

  private Optional<ConversationTimeout> timeout(String channelId) {
    return channelId == null ? Optional.empty() : settings.conversationTimeout(channelId);
  }

  private Conversation read(String conversationId, String field) {
    Query query = byId(conversationId);
    query.fields().include(field);
    return mongo.findOne(query, Conversation.class);
  }

  private static Query byId(String conversationId) {
    return Query.query(Criteria.where("_id").is(conversationId));
  }
}
