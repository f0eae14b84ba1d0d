package dev.openlines.connector.livechat;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A visitor's chat on a website. The session id is the client id on the live-chat connector; the
 * token that proves the session is stored only as its SHA-256 digest.
 */
@Document("livechat_sessions")
record LiveChatSession(
    @Id String id,
    String connectorId,
    String channelId,
    String tokenDigest,
    String name,
    String email,
    String phone,
    String language,
    Instant createdAt,
    Instant consentAcceptedAt,
    Typing typing) {

  /** The latest typing event: text only when the channel shows operators a typing preview. */
  record Typing(String text, Instant at) {}
}
