package dev.openlines.routing;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Channels and operators with fresh ids, so test classes can share one application context and store.
 * Public for the connectors' end-to-end tests, which route through real channels too.
 */
public class RoutingFixtures {

  public static final Duration IDLE_TIME = Duration.ofMinutes(2);

  private final ChannelService channels;
  private final OperatorService operators;
  private final MongoTemplate mongo;
  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  public RoutingFixtures(ChannelService channels, OperatorService operators, MongoTemplate mongo) {
    this.channels = channels;
    this.operators = operators;
    this.mongo = mongo;
  }

  /** An online operator; the id is prefixed to keep tests apart. */
  public String operator(String name, String... departments) {
    String id = prefix + "-" + name;
    operators.create(new Operator(id, name, Set.of(departments)));
    operators.changePresence(id, Presence.ONLINE);
    return id;
  }

  public String department(String name) {
    return prefix + "-" + name;
  }

  public String channel(String name, DistributionMode mode, Integer limit, LimitExclusion exclusion, List<QueueEntry> queue) {
    String id = "t-" + prefix + "-" + name;
    channels.save(
        new OpenChannel(
            id, name, ZoneId.of("Europe/Berlin"), new QueueSettings(queue, mode, IDLE_TIME, limit, exclusion, true)));
    return id;
  }

  public String channel(String name, DistributionMode mode, Integer limit, String... operatorIds) {
    return channel(
        name, mode, limit, LimitExclusion.CLOSED, List.of(operatorIds).stream().map(QueueEntry::operator).toList());
  }

  public String conversation() {
    return "conv-" + UUID.randomUUID();
  }

  public int load(String operatorId, String channelId) {
    Query query = Query.query(Criteria.where("_id").is(operatorId));
    query.fields().include("load");
    return mongo.findOne(query, Operator.class).loadIn(channelId);
  }
}
