package dev.openlines.connector.livechat;

import dev.openlines.connector.OutboundMessage;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An operator message for a live-chat visitor, kept until a stream of the visitor received it (and
 * afterwards as the visitor's transcript). The id is OpenLines' message id, so a redelivered send
 * job stores and pushes it once.
 */
@Document("livechat_outgoing")
record LiveChatOutgoing(
    @Id String id,
    String sessionId,
    String conversationId,
    String text,
    List<OutboundMessage.Attachment> attachments,
    Instant createdAt,
    Instant deliveredAt) {}
