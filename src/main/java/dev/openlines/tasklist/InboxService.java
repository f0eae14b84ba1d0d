package dev.openlines.tasklist;

import dev.openlines.channel.ChannelRepository;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationReads;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * The operator's inbox: the offers open to them (with the time left) and the conversations they hold or
 * were invited into. Operators' screens poll it, so every read goes by an index.
 */
@Service
class InboxService {

  private final MongoTemplate mongo;
  private final ConversationReads conversations;
  private final ChannelRepository channels;
  private final ConversationMarks marks;
  private final ConversationParticipants participants;
  private final Clock clock;

  InboxService(
      MongoTemplate mongo,
      ConversationReads conversations,
      ChannelRepository channels,
      ConversationMarks marks,
      ConversationParticipants participants,
      Clock clock) {
    this.mongo = mongo;
    this.conversations = conversations;
    this.channels = channels;
    this.marks = marks;
    this.participants = participants;
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
              Conversation conversation = conversations.find(offer.conversationId()).orElse(null);
              return new Inbox.OfferItem(
                  offer.conversationId(),
                  conversation == null ? offer.queueChannelId() : conversation.getChannelId(),
                  conversation == null ? null : conversation.getClientId(),
                  conversations.clientName(offer.conversationId()).orElse(null),
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
            .map(state -> conversations.find(state.getConversationId()))
            .flatMap(Optional::stream)
            .map(conversation -> item(conversation, myMarks.get(conversation.getId()), invitedTo.contains(conversation.getId())))
            .sorted(Comparator.comparing(Inbox.ConversationItem::pinned).reversed()
                .thenComparing(Inbox.ConversationItem::lastActivityAt, Comparator.nullsLast(Comparator.reverseOrder())))
            .toList();
    return new Inbox(offers, held);
  }

  private Inbox.ConversationItem item(Conversation conversation, ConversationMark mark, boolean invited) {
    return new Inbox.ConversationItem(
        conversation.getId(),
        conversation.getTitle(),
        conversation.getChannelId(),
        conversation.getConnectorType(),
        conversation.getClientId(),
        conversations.clientName(conversation.getId()).orElse(null),
        conversation.getStatus(),
        conversations.lastActivityAt(conversation),
        conversation.getAwaitingReplySince() != null,
        mark != null && mark.isPinned(),
        mark != null && mark.isUnread(),
        invited);
  }
}
