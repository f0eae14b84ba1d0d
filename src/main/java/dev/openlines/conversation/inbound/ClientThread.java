package dev.openlines.conversation.inbound;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Points at the current conversation of one client on one connector of one open channel. Its id is
 * the (channel, connector type, client) key, so the first messages of a client can only ever create
 * one pointer: a single-document upsert on the id is atomic on every MongoDB.
 */
@Document("client_threads")
record ClientThread(@Id String id, String conversationId, Instant updatedAt) {

  /** Each part is length-prefixed so no client id can make two keys collide. */
  static String key(String channelId, String connectorType, String clientId) {
    return channelId.length() + ":" + channelId + "|" + connectorType + "|" + clientId;
  }
}
