package dev.openlines.tasklist;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationEvent;
import dev.openlines.conversation.ConversationReads;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorLeftEvent;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.RoutingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * A dismissed operator's conversations go back to their channel's queue, as if the operator had transferred
 * each one there: the next operator in line is offered it with its history. Before, they stayed with someone
 * who would never read them again, and the clients' messages went unanswered.
 */
@Component
class ConversationsOfDismissedOperators {

  private static final Logger log = LoggerFactory.getLogger(ConversationsOfDismissedOperators.class);

  private final MongoTemplate mongo;
  private final ConversationCommands commands;
  private final ConversationReads conversations;
  private final ApplicationEventPublisher events;

  ConversationsOfDismissedOperators(
      MongoTemplate mongo, ConversationCommands commands, ConversationReads conversations, ApplicationEventPublisher events) {
    this.mongo = mongo;
    this.commands = commands;
    this.conversations = conversations;
    this.events = events;
  }

  @EventListener
  void onOperatorLeft(OperatorLeftEvent event) {
    Operator operator = mongo.findById(event.operatorId(), Operator.class);
    if (operator == null || !operator.isDismissed()) {
      return;
    }
    Query held = Query.query(Criteria.where("assignedOperatorId").is(operator.getId()).and("status").is(RoutingStatus.ASSIGNED));
    held.fields().include("_id");
    for (ConversationRouting routing : mongo.find(held, ConversationRouting.class)) {
      handBack(routing.getConversationId(), operator.getId());
    }
  }

  private void handBack(String conversationId, String operatorId) {
    Conversation conversation = conversations.find(conversationId).orElse(null);
    if (conversation == null) {
      return;
    }
    try {
      commands.transfer(conversationId, operatorId, null, conversation.getChannelId(), "dismissed-" + operatorId);
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
