package dev.openlines.connector.livechat;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A visitor's rating of a closed conversation; the id is the conversation's, so it is rated once. */
@Document("livechat_ratings")
record LiveChatRating(@Id String conversationId, String sessionId, int score, String comment, Instant ratedAt) {}
