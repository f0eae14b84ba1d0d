package dev.openlines.connector.livechat;

import dev.openlines.connector.OutboundMessage;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The live-chat connector's delivery queue: a message for a visitor, kept until a stream of the
 * visitor received it. The message itself (and the transcript) lives in the conversation message
 * store; the id is OpenLines' message id, so a redelivered send job queues and pushes it once.
 *
 * @param author who wrote it, as the visitor sees it: OPERATOR, BOT or SYSTEM (OpenLines' automatic texts)
 * @param operatorName the operator's name as the channel shows it to clients when sent, for OPERATOR
 *     messages only (null when the channel hides it)
 * @param operatorPhotoUrl the operator's photo as the channel shows it, likewise
 * @param change EDIT or DELETE when this entry is an operator's change of an earlier message (then
 *     {@code changedMessageId} names it and {@code text} is its new text); null for a message
 * @param queueOrder where it stands among the session's messages ({@link dev.openlines.conversation.MessageOrder}); null on entries
 *     queued before it was kept, which then come first
 */
@Document("livechat_outgoing")
record LiveChatOutgoing(
    @Id String id,
    String sessionId,
    String conversationId,
    String text,
    List<OutboundMessage.Attachment> attachments,
    Instant createdAt,
    Instant deliveredAt,
    String author,
    String operatorName,
    String operatorPhotoUrl,
    String change,
    String changedMessageId,
    Long queueOrder) {}
