package dev.openlines.conversation;

import java.time.Clock;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Keeps an operator's transfer on the stored conversation from the request until someone answers the
 * conversation again: on the embedded runtime a restart loses the process, and recovery needs the
 * target to finish the transfer ({@link ConversationRecovery}, {@link RecoveryPoint#TRANSFER}).
 */
@Service
public class ConversationTransfers {

  private final MongoTemplate mongo;
  private final Clock clock;

  public ConversationTransfers(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /**
   * Records the target; a later transfer replaces an earlier one. Idempotent.
   *
   * @param toOperatorId or {@code toChannelId}: the one that is set wins, the other is dropped
   */
  public void requested(String conversationId, String toOperatorId, String toChannelId) {
    boolean toOperator = toOperatorId != null && !toOperatorId.isBlank();
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)),
        Update.update(
            "pendingTransfer",
            new Conversation.PendingTransfer(toOperator ? toOperatorId : null, toOperator ? null : toChannelId, clock.instant())),
        Conversation.class);
  }

  /** The request could not be handed to the process: nothing is pending. */
  public void withdrawn(String conversationId) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)), new Update().unset("pendingTransfer"), Conversation.class);
  }
}
