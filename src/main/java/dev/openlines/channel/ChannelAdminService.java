package dev.openlines.channel;

import dev.openlines.api.ConflictException;
import dev.openlines.api.Constraints;
import jakarta.validation.Validator;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Creating, changing and deleting open channels; every setting is validated before anything is stored. */
@Service
public class ChannelAdminService {

  static final String AUTOMATIC_NAME = "Open Channel ";

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final ChannelLifecycleSettingsService lifecycle;
  private final BotSettingsService bots;
  private final List<ChannelConversations> conversations;
  private final Validator validator;
  private final QueueMembers queueMembers;

  ChannelAdminService(
      MongoTemplate mongo,
      ChannelService channels,
      ChannelLifecycleSettingsService lifecycle,
      BotSettingsService bots,
      List<ChannelConversations> conversations,
      Validator validator,
      QueueMembers queueMembers) {
    this.mongo = mongo;
    this.channels = channels;
    this.lifecycle = lifecycle;
    this.bots = bots;
    this.conversations = conversations;
    this.validator = validator;
    this.queueMembers = queueMembers;
  }

  public List<OpenChannel> list() {
    return mongo.find(new Query().with(Sort.by("_id")), OpenChannel.class);
  }

  public OpenChannel get(String channelId) {
    return channels.get(channelId);
  }

  /** @throws ConflictException when a channel with this id exists */
  public OpenChannel create(ChannelRequest request) {
    String name = request.name() == null || request.name().isBlank() ? automaticName() : request.name();
    OpenChannel channel = checked(request.toChannel(request.id(), name));
    return ConflictException.unlessTaken(
        () -> channels.create(channel),
        "An open channel with id '" + request.id() + "' already exists: choose another id or change that one");
  }

  /** "Open Channel N", N one more than the channels there are, or the next number no channel is named with. */
  private String automaticName() {
    long number = mongo.count(new Query(), OpenChannel.class) + 1;
    while (mongo.exists(Query.query(Criteria.where("name").is(AUTOMATIC_NAME + number)), OpenChannel.class)) {
      number++;
    }
    return AUTOMATIC_NAME + number;
  }

  public OpenChannel update(String channelId, ChannelRequest request) {
    channels.get(channelId);
    return channels.save(checked(request.toChannel(channelId)));
  }

  /** Every setting first (all named at once), then whether the queue names operators and departments that exist. */
  private OpenChannel checked(OpenChannel channel) {
    Constraints.requireValid(validator, channel);
    queueMembers.requireKnown(channel.getQueue());
    return channel;
  }

  /**
   * Live conversations keep their channel: deleting it under them would strand their processes.
   *
   * @throws ConflictException naming how many conversations are still live
   */
  public void delete(String channelId) {
    channels.get(channelId);
    long live = conversations.stream().mapToLong(counted -> counted.liveOn(channelId)).max().orElse(0);
    if (live > 0) {
      throw new ConflictException(
          "Open channel '" + channelId + "' still has " + live
              + " live conversation(s): close or transfer them before deleting the channel");
    }
    mongo.remove(Query.query(Criteria.where("_id").is(channelId)), OpenChannel.class);
    mongo.remove(Query.query(Criteria.where("_id").is(channelId)), ChannelLifecycleSettings.class);
    // A channel created again under the same id starts without the old bot (and its secret).
    mongo.remove(Query.query(Criteria.where("_id").is(channelId)), BotSettings.class);
    channels.forget(channelId);
    lifecycle.forget(channelId);
    bots.forget(channelId);
  }
}
