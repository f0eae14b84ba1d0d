package dev.openlines.conversation;

import dev.openlines.channel.ChannelHoursChangedEvent;
import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.workflow.ProcessMessages;
import dev.openlines.workflow.Workflow;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Conversations held until their channel opens ("Wait for the channel to open") are told when the admin
 * saves new working hours, or lets the channel queue outside them: each reads the hours again, so a channel
 * opened earlier serves its waiting clients now instead of at the opening they were first given. Without
 * this, a client who wrote on Friday evening waited for Monday even after the admin opened the weekend.
 *
 * <p>The messages are queued off the admin's request: a channel with ~1,500 held clients kept the save waiting
 * 5 s. A message lost to a stop in between costs the client nothing but time: the hours are read again at the
 * opening it waits for, and a restart recreates every held client before that reading.
 */
@Component
class HeldUntilOpening {

  private static final Logger log = LoggerFactory.getLogger(HeldUntilOpening.class);

  private final MongoTemplate mongo;
  private final ProcessMessages messages;
  private final Clock clock;
  private final ExecutorService inTurn =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("held-until-opening").factory());

  HeldUntilOpening(MongoTemplate mongo, ProcessMessages messages, Clock clock) {
    this.mongo = mongo;
    this.messages = messages;
    this.clock = clock;
  }

  @EventListener
  void onHoursChanged(ChannelHoursChangedEvent event) {
    Instant savedAt = clock.instant();
    inTurn.execute(() -> {
      try {
        tellHeldClients(event, savedAt);
      } catch (RuntimeException notTold) {
        log.warn("Channel {}: working hours changed, the clients waiting for the opening were not all told; "
            + "they read the hours at their opening", event.channelId(), notTold);
      }
    });
  }

  @PreDestroy
  void stop() {
    inTurn.shutdownNow();
  }

  private void tellHeldClients(ChannelHoursChangedEvent event, Instant savedAt) {
    // The message is queued (the outbox delivers it even if the engine is away now) under an id of this save.
    String save = UUID.randomUUID().toString();
    List<String> held = heldIn(event.channelId());
    for (String conversationId : held) {
      messages.queue(Workflow.Message.WORKING_HOURS_CHANGED, conversationId, conversationId + "@" + save,
          Map.of(Workflow.Variable.HOURS_CHANGED_AT, savedAt.toString()));
    }
    if (!held.isEmpty()) {
      messages.deliverQueued();
      log.info("Channel {}: working hours changed, {} conversation(s) waiting for the opening read them again",
          event.channelId(), held.size());
    }
  }

  /** New conversations of the channel with an opening time stored (served by the status_reopening_created index). */
  private List<String> heldIn(String channelId) {
    Query held = Query.query(Criteria.where("status").is(ConversationStatus.NEW)
        .and("channelId").is(channelId)
        .and(Deadline.REOPENING.path()).ne(null));
    held.fields().include("_id");
    return mongo.find(held, Conversation.class).stream().map(Conversation::getId).toList();
  }
}
