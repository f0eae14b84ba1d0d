package dev.openlines.tasklist;

import dev.openlines.conversation.ConversationEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.openlines.api.ConflictException;
import dev.openlines.api.ForbiddenException;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.api.NotFoundException;
import dev.openlines.channel.ChannelRepository;
import dev.openlines.conversation.ClientSilenceService;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.ConversationTitles;
import dev.openlines.conversation.MessageChanges;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.RoutingService;
import dev.openlines.operator.Operator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import dev.openlines.workflow.StoreDurability;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** The operator's actions on the conversations offered to or held by them (their inbox: {@link InboxService}). */
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
  private final ConversationTitles titles;
  private final StoreDurability storeWrites;

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
      MessageChanges changes,
      ConversationTitles titles,
      ObjectProvider<StoreDurability> storeWrites) {
    this.titles = titles;
    this.storeWrites = StoreDurability.of(storeWrites);
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

  /** @param seenMessageId the newest message the operator saw, or null to close whatever the client wrote */
  void close(String conversationId, String operatorId, String seenMessageId, String requestId) {
    Conversation held = access.held(conversationId, operatorId);
    if (held.getSpamRequest() != null || held.getStatus() == ConversationStatus.SPAM) {
      throw ConversationCommands.markedAsSpam(conversationId);
    }
    Instant seenUpTo = seenMessageId == null ? null : messages.storedAt(conversationId, seenMessageId).orElseThrow(() ->
        new InvalidRequestException("seenMessageId", "no message '" + seenMessageId + "' in conversation " + conversationId));
    // The close is queued, then the slot given back and the next waiting conversation woken, all without
    // waiting for the disk; one wait at the end makes them durable before the answer. The next offer does
    // not queue behind a disk flush or the engine, and the store commits in order, so a crash loses the
    // slot's give-back only together with the close, which the operator was not told of and repeats.
    try (StoreDurability.Scope oneCommit = storeWrites.deferDurability()) {
      commands.close(conversationId, operatorId, seenUpTo, requestId);
      routing.holderClosed(conversationId, operatorId);
      storeWrites.awaitDurable();
    }
  }

  void markSpam(String conversationId, String operatorId, String requestId) {
    // Also before answering: an offered new chat that is spam need not be taken first.
    // A close on its way wins: the process may have ended by the time a spam mark would arrive.
    Conversation conversation = access.heldOrOffered(conversationId, operatorId);
    if (conversation.getCloseRequestedAt() != null || conversation.getStatus() == ConversationStatus.CLOSED) {
      throw new ConflictException("Conversation " + conversationId + " is being closed: it can no longer be marked as spam;"
          + " nothing was changed");
    }
    commands.spam(conversationId, operatorId, requestId);
  }

  void transfer(String conversationId, String operatorId, TransferRequest request, String requestId) {
    boolean toOperator = request.operatorId() != null && !request.operatorId().isBlank();
    boolean toChannel = request.channelId() != null && !request.channelId().isBlank();
    if (toOperator == toChannel) {
      throw new InvalidRequestException("operatorId", "give either operatorId or channelId, not both or neither");
    }
    Conversation conversation = access.heldOrOffered(conversationId, operatorId);
    if (toOperator) {
      if (request.operatorId().equals(operatorId)) {
        throw new InvalidRequestException("operatorId", "you already hold this conversation: name a colleague");
      }
      Operator target = mongo.findById(request.operatorId(), Operator.class);
      if (target == null || target.isDismissed()) {
        throw new InvalidRequestException("operatorId", "no active operator with id '" + request.operatorId() + "'");
      }
      // A conversation sent to a colleague waits for exactly them: refused now rather than left with nobody.
      String queueChannelId = routing.state(conversationId).map(ConversationRouting::getQueueChannelId).orElse(conversation.getChannelId());
      if (!routing.canTake(target.getId(), queueChannelId)) {
        throw new ConflictException("Operator '" + target.getId() + "' cannot take a conversation now (offline, away, on vacation"
            + " or at their chat limit): transfer it to a colleague who is online, or to a channel's queue; nothing was changed");
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
    titles.rename(conversationId, title);
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
}
