package dev.openlines.connector.viber;

import dev.openlines.connector.InboundMessage;
import java.time.Instant;

/**
 * One Viber callback, read.
 *
 * @param event {@code message}, {@code delivered}, {@code seen}, {@code failed}, {@code subscribed},
 *     {@code unsubscribed}, {@code conversation_started} or {@code webhook}
 * @param message for {@code message}: the client's message, or null when it carries nothing for an operator (a sticker)
 * @param userId the client the event is about
 * @param messageToken for receipts: Viber's token of the bot's message
 */
record ViberCallback(String event, InboundMessage message, String userId, String messageToken, Instant at, String description) {}
