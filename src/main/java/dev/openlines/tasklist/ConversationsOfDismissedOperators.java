package dev.openlines.tasklist;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationEvent;
import dev.openlines.conversation.ConversationReads;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorLeftEvent;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.RestartRecovery;
import dev.openlines.routing.RoutingStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A dismissed operator's conversations go back to their channel's queue, as if the operator had transferred
 * each one there: the next operator in line is offered it with its history. Before, they stayed with someone
 * who would never read them again, and the clients' messages went unanswered. What the moment of the
 * dismissal misses (the service stopped right after storing it), a pass now and then finds.
 */
@Component
class ConversationsOfDismissedOperators {

  private static final Logger log = LoggerFactory.getLogger(ConversationsOfDismissedOperators.class);

  private final MongoTemplate mongo;
  private final ConversationCommands commands;
  private final ConversationReads conversations;
  private final ApplicationEventPublisher events;
  private final RestartRecovery recovery;

  ConversationsOfDismissedOperators(
      MongoTemplate mongo,
      ConversationCommands commands,
      ConversationReads conversations,
      ApplicationEventPublisher events,
      RestartRecovery recovery) {
    this.recovery = recovery;
    this.mongo = mongo;
    this.commands = commands;
    this.conversations = conversations;
    this.events = events;
  }

  @EventListener
  void onOperatorLeft(OperatorLeftEvent event) {
    Operator operator = mongo.findById(event.operatorId(), Operator.class);
    if (operator != null && operator.isDismissed()) {
      handBackHeldBy(List.of(operator.getId()));
    }
  }

  /** Conversations still held by a dismissed operator: the hand-back at the dismissal did not happen. */
  @Scheduled(
      fixedDelayString = "${openlines.operators.dismissed-sweep-interval:PT1M}",
      initialDelayString = "${openlines.operators.dismissed-sweep-interval:PT1M}")
  void handBackWhatTheDismissalMissed() {
    if (!recovery.finished()) {
      return; // the processes the transfers go to are still being recreated
    }
    Query dismissed = Query.query(Criteria.where("dismissed").is(true));
    dismissed.fields().include("_id");
    List<String> ids = mongo.find(dismissed, Operator.class).stream().map(Operator::getId).toList();
    if (!ids.isEmpty()) {
      handBackHeldBy(ids);
    }
  }

  private void handBackHeldBy(List<String> operatorIds) {
    Query held = Query.query(Criteria.where("assignedOperatorId").in(operatorIds).and("status").is(RoutingStatus.ASSIGNED));
    held.fields().include("_id", "assignedOperatorId");
    for (ConversationRouting routing : mongo.find(held, ConversationRouting.class)) {
      handBack(routing.getConversationId(), routing.getAssignedOperatorId());
    }
  }

  private void handBack(String conversationId, String operatorId) {
    Conversation conversation = conversations.find(conversationId).orElse(null);
    if (conversation == null) {
      return;
    }
    try {
      commands.transfer(conversationId, operatorId, null, conversation.getChannelId(), "dismissed-" + operatorId + "-" + conversationId);
      events.publishEvent(new ConversationEvent.Transferred(conversationId, operatorId, null, conversation.getChannelId()));
      log.info("Conversation {} of dismissed operator {} goes back to channel {}'s queue", conversationId, operatorId,
          conversation.getChannelId());
    } catch (RuntimeException notHandedBack) {
      // The dismissal stands; a supervisor can still transfer or take over the conversation.
      log.warn("Conversation {} of dismissed operator {} not handed back to the queue now", conversationId, operatorId,
          notHandedBack);
    }
  }
}
