package dev.openlines.tasklist;

import dev.openlines.conversation.ConversationEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.api.NotFoundException;
import dev.openlines.channel.ChannelRepository;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageChanges;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.routing.RoutingStatus;
import dev.openlines.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** The operator's task list: inbox and the actions on conversations offered to or held by them. */
@Service
class TaskListService {

  private final MongoTemplate mongo;
  private final RoutingService routing;
  private final ConversationAccess access;
  private final ConversationCommands commands;
  private final ConversationMessageStore messages;
  private final ChannelRepository channels;
  private final Clock clock;
  private final ConversationMarks marks;
  private final ConversationParticipants participants;
  private final ClientSilenceService silence;
  private final ApplicationEventPublisher events;
  private final MessageChanges changes;

  TaskListService(
      MongoTemplate mongo,
      RoutingService routing,
      ConversationAccess access,
      ConversationCommands commands,
      ConversationMessageStore messages,
      ChannelRepository channels,
      Clock clock,
      ConversationMarks marks,
      ConversationParticipants participants,
      ClientSilenceService silence,
      ApplicationEventPublisher events,
      MessageChanges changes) {
    this.changes = changes;
    this.events = events;
    this.silence = silence;
    this.marks = marks;
    this.participants = participants;
    this.mongo = mongo;
    this.routing = routing;
    this.access = access;
    this.commands = commands;
    this.messages = messages;
    this.channels = channels;
    this.clock = clock;
  }

  Inbox inbox(String operatorId) {
    Instant now = clock.instant();
    Map<String, Duration> idleTimes = new HashMap<>();
    List<Inbox.OfferItem> offers =
        mongo.find(
                Query.query(Criteria.where("operatorId").is(operatorId).and("status").is(OfferStatus.OFFERED))
                    .with(Sort.by(Sort.Direction.DESC, "offeredAt")),
                Offer.class)
            .stream()
            .map(offer -> {
              Duration idle =
                  idleTimes.computeIfAbsent(
                      offer.queueChannelId(),
                      id -> channels.findById(id).map(c -> c.getQueue().idleTime()).orElse(Duration.ZERO));
              Instant expiresAt = offer.offeredAt().plus(idle);
              Conversation conversation = mongo.findById(offer.conversationId(), Conversation.class);
              return new Inbox.OfferItem(
                  offer.conversationId(),
                  conversation == null ? offer.queueChannelId() : conversation.getChannelId(),
                  conversation == null ? null : conversation.getClientId(),
                  clientName(offer.conversationId()),
                  offer.offeredAt(),
                  expiresAt,
                  Math.max(0, Duration.between(now, expiresAt).toSeconds()));
            })
            .toList();
    Map<String, ConversationMark> myMarks = marks.of(operatorId);
    List<String> invitedTo = participants.conversationsOf(operatorId);
    List<Inbox.ConversationItem> held =
        mongo.find(
                Query.query(
                    new Criteria().orOperator(
                            Criteria.where("assignedOperatorId").is(operatorId),
                            Criteria.where("_id").in(invitedTo))
                        .and("status").is(RoutingStatus.ASSIGNED)),
                ConversationRouting.class)
            .stream()
            .map(state -> mongo.findById(state.getConversationId(), Conversation.class))
            .filter(Objects::nonNull)
            .map(conversation -> item(conversation, myMarks.get(conversation.getId()), invitedTo.contains(conversation.getId())))
            .sorted(Comparator.comparing(Inbox.ConversationItem::pinned).reversed()
                .thenComparing(Inbox.ConversationItem::lastActivityAt, Comparator.nullsLast(Comparator.reverseOrder())))
            .toList();
    return new Inbox(offers, held);
  }

  void answer(String conversationId, String operatorId) {
    access.everOffered(conversationId, operatorId);
    // RoutingService.answer treats the holder's repeated answer as a harmless retry, also once the
    // conversation is over: say it is closed instead of answering 204.
    if (routing.isClosed(conversationId)) {
      throw new ConflictException("Conversation " + conversationId + " is already closed");
    }
    routing.answer(conversationId, operatorId);
  }

  void skip(String conversationId, String operatorId) {
    access.everOffered(conversationId, operatorId);
    routing.skip(conversationId, operatorId);
  }

  void close(String conversationId, String operatorId, String requestId) {
    access.held(conversationId, operatorId);
    commands.close(conversationId, operatorId, requestId);
    routing.holderClosed(conversationId, operatorId);
  }

  void markSpam(String conversationId, String operatorId, String requestId) {
    // Also before answering: an offered new chat that is spam need not be taken first.
    access.heldOrOffered(conversationId, operatorId);
    commands.spam(conversationId, operatorId, requestId);
  }

  void transfer(String conversationId, String operatorId, TransferRequest request, String requestId) {
    boolean toOperator = request.operatorId() != null && !request.operatorId().isBlank();
    boolean toChannel = request.channelId() != null && !request.channelId().isBlank();
    if (toOperator == toChannel) {
      throw new InvalidRequestException("operatorId", "give either operatorId or channelId, not both or neither");
    }
    access.heldOrOffered(conversationId, operatorId);
    if (toOperator) {
      if (request.operatorId().equals(operatorId)) {
        throw new InvalidRequestException("operatorId", "you already hold this conversation: name a colleague");
      }
      Operator target = mongo.findById(request.operatorId(), Operator.class);
      if (target == null || target.isDismissed()) {
        throw new InvalidRequestException("operatorId", "no active operator with id '" + request.operatorId() + "'");
      }
    } else if (!channels.existsById(request.channelId())) {
      throw new InvalidRequestException("channelId", "no open channel with id '" + request.channelId() + "'");
    }
    commands.transfer(
        conversationId, operatorId, toOperator ? request.operatorId() : null, toChannel ? request.channelId() : null, requestId);
    events.publishEvent(new ConversationEvent.Transferred(
        conversationId, operatorId, toOperator ? request.operatorId() : null, toChannel ? request.channelId() : null));
  }

  /** The holder (or an invited colleague) is typing: the client's live chat shows it. Nothing is stored. */
  void typing(String conversationId, String operatorId) {
    access.visible(conversationId, operatorId);
    events.publishEvent(new ConversationEvent.OperatorTyping(conversationId, operatorId));
  }

  List<ConversationMessage> messages(String conversationId, String operatorId) {
    access.visible(conversationId, operatorId);
    marks.set(operatorId, conversationId, "unread", false);
    return messages.history(conversationId);
  }

  void pin(String conversationId, String operatorId, boolean pinned) {
    access.held(conversationId, operatorId);
    marks.set(operatorId, conversationId, "pinned", pinned);
    // Pinned = locked as mine: the conversation timeout waits until it is unpinned.
    silence.pin(conversationId, pinned);
  }

  void markUnread(String conversationId, String operatorId) {
    access.held(conversationId, operatorId);
    marks.set(operatorId, conversationId, "unread", true);
  }

  void rename(String conversationId, String operatorId, String title) {
    access.heldOrOffered(conversationId, operatorId);
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(conversationId)), new Update().set("title", title.strip()), Conversation.class);
  }

  ConversationMessage editMessage(String conversationId, String messageId, String operatorId, String text) {
    ownMessage(conversationId, messageId, operatorId);
    Instant at = clock.instant();
    if (!messages.edit(messageId, text, at)) {
      throw new ConflictException("Message " + messageId + " was deleted and can no longer be edited");
    }
    changes.edited(conversationId, messageId, text, at);
    return messages.find(messageId).orElseThrow();
  }

  void deleteMessage(String conversationId, String messageId, String operatorId) {
    ownMessage(conversationId, messageId, operatorId);
    Instant at = clock.instant();
    if (!messages.delete(messageId, at)) {
      throw new ConflictException("Message " + messageId + " is already deleted");
    }
    changes.deleted(conversationId, messageId, at);
  }

  /** The holder invites a colleague, who then reads and writes in the conversation (and sees it in their inbox). */
  void invite(String conversationId, String operatorId, String colleagueId) {
    access.held(conversationId, operatorId);
    if (colleagueId.equals(operatorId)) {
      throw new InvalidRequestException("operatorId", "you already hold this conversation: name a colleague");
    }
    Operator colleague = mongo.findById(colleagueId, Operator.class);
    if (colleague == null || colleague.isDismissed()) {
      throw new InvalidRequestException("operatorId", "no active operator with id '" + colleagueId + "'");
    }
    if (!participants.add(conversationId, colleagueId)) {
      throw new ConflictException(colleagueId + " is already in conversation " + conversationId);
    }
  }

  private void ownMessage(String conversationId, String messageId, String operatorId) {
    access.working(conversationId, operatorId);
    ConversationMessage message =
        messages.find(messageId)
            .filter(m -> m.getConversationId().equals(conversationId))
            .orElseThrow(() -> NotFoundException.of("Message", messageId));
    if (!operatorId.equals(message.getOperatorId())) {
      throw new ForbiddenException("You may change only your own messages");
    }
  }

  private Inbox.ConversationItem item(Conversation conversation, ConversationMark mark, boolean invited) {
    Query newest =
        Query.query(Criteria.where("conversationId").is(conversation.getId()))
            .with(Sort.by(Sort.Direction.DESC, "createdAt"))
            .limit(1);
    newest.fields().include("createdAt");
    ConversationMessage last = mongo.findOne(newest, ConversationMessage.class);
    Instant lastActivity = last == null ? conversation.getUpdatedAt() : max(last.getCreatedAt(), conversation.getUpdatedAt());
    return new Inbox.ConversationItem(
        conversation.getId(),
        conversation.getTitle(),
        conversation.getChannelId(),
        conversation.getConnectorType(),
        conversation.getClientId(),
        clientName(conversation.getId()),
        conversation.getStatus(),
        lastActivity,
        conversation.getAwaitingReplySince() != null,
        mark != null && mark.isPinned(),
        mark != null && mark.isUnread(),
        invited);
  }

  /** The name from the client's newest message that carries one: the operator needs to know who writes, not an id. */
  private String clientName(String conversationId) {
    Query named =
        Query.query(Criteria.where("conversationId").is(conversationId).and("client.name").ne(null))
            .with(Sort.by(Sort.Direction.DESC, "createdAt"))
            .limit(1);
    named.fields().include("client");
    ConversationMessage message = mongo.findOne(named, ConversationMessage.class);
    return message == null ? null : message.getClient().name();
  }

  private static Instant max(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
