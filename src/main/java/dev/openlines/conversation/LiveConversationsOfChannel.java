package dev.openlines.conversation;

import dev.openlines.channel.ChannelConversations;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The conversations of a channel a client or operator is still working in: they keep the channel from deletion. */
@Component
class LiveConversationsOfChannel implements ChannelConversations {

  /** Conversations a client or operator is still working in. */
  static final Set<ConversationStatus> LIVE =
      EnumSet.of(ConversationStatus.NEW, ConversationStatus.WITH_BOT, ConversationStatus.WAITING, ConversationStatus.OFFERED, ConversationStatus.IN_PROGRESS);

  private final MongoTemplate mongo;

  LiveConversationsOfChannel(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public long liveOn(String channelId) {
    return mongo.count(Query.query(Criteria.where("channelId").is(channelId).and("status").in(LIVE)), Conversation.class);
  }
}
