package dev.openlines.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** One conversation with a client in one open channel; its process instance has the same id as business key. */
@Document("conversations")
public class Conversation {

  @Id private String id;
  @Indexed private String channelId;
  private String connectorType;
  private String clientId;
  @Indexed private ConversationStatus status = ConversationStatus.NEW;
  private Long processInstanceKey;
  private Instant createdAt;
  private Instant updatedAt;
  @Version private Long version;

  protected Conversation() {}

  public Conversation(String id, String channelId, String connectorType, String clientId, Instant createdAt) {
    this.id = id;
    this.channelId = channelId;
    this.connectorType = connectorType;
    this.clientId = clientId;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  public String getId() {
    return id;
  }

  public String getChannelId() {
    return channelId;
  }

  public String getConnectorType() {
    return connectorType;
  }

  public String getClientId() {
    return clientId;
  }

  public ConversationStatus getStatus() {
    return status;
  }

  public Long getProcessInstanceKey() {
    return processInstanceKey;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
