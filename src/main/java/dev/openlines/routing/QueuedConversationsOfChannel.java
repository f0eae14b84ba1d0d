package dev.openlines.routing;

import dev.openlines.channel.ChannelConversations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The conversations routed in a channel's queue and not closed: they keep the channel from deletion. */
@Component
class QueuedConversationsOfChannel implements ChannelConversations {

  private final MongoTemplate mongo;

  QueuedConversationsOfChannel(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public long liveOn(String channelId) {
    return mongo.count(
        Query.query(Criteria.where("queueChannelId").is(channelId).and("status").ne(RoutingStatus.CLOSED)),
        ConversationRouting.class);
  }
}
