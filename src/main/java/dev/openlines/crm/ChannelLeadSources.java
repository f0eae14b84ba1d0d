package dev.openlines.crm;

import dev.openlines.channel.ChannelNotFoundException;
import dev.openlines.channel.ChannelService;
import dev.openlines.conversation.Conversation;
import dev.openlines.crm.LeadSources;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The {@code crm.leadSource} of the channel a conversation belongs to. */
@Component
class ChannelLeadSources implements LeadSources {

  private final MongoTemplate mongo;
  private final ChannelService channels;

  ChannelLeadSources(MongoTemplate mongo, ChannelService channels) {
    this.mongo = mongo;
    this.channels = channels;
  }

  @Override
  public Optional<String> of(String conversationId) {
    Query byId = Query.query(Criteria.where("_id").is(conversationId));
    byId.fields().include("channelId");
    return Optional.ofNullable(mongo.findOne(byId, Conversation.class))
        .map(Conversation::getChannelId)
        .flatMap(channelId -> {
          try {
            return Optional.ofNullable(channels.get(channelId).getCrm().leadSource());
          } catch (ChannelNotFoundException gone) {
            return Optional.empty();
          }
        })
        .filter(source -> !source.isBlank());
  }
}
