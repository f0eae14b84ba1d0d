package dev.openlines.routing;

import dev.openlines.operator.Operator;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** The indexes routing's queries rely on, created at start-up. */
@Component
class RoutingIndexes implements SmartInitializingSingleton {

  private final MongoTemplate mongo;

  RoutingIndexes(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public void afterSingletonsInstantiated() {
    var operators = mongo.indexOps(Operator.class);
    operators.ensureIndex(new Index().on("departmentIds", Sort.Direction.ASC));
    operators.ensureIndex(new Index().on("counted", Sort.Direction.ASC));
    // The reconciler's look for operators who left with offers open (AbsentOperatorOffers).
    operators.ensureIndex(new Index().on("presence", Sort.Direction.ASC));
    // The sweep for conversations a dismissed operator still holds (ConversationsOfDismissedOperators).
    operators.ensureIndex(new Index().on("dismissed", Sort.Direction.ASC));
    var offers = mongo.indexOps(Offer.class);
    offers.ensureIndex(new Index().on("conversationId", Sort.Direction.ASC).on("round", Sort.Direction.ASC));
    offers.ensureIndex(new Index().on("operatorId", Sort.Direction.ASC).on("status", Sort.Direction.ASC));
    // The reconciler's look for offers left with an operator who is off the line (IneligibleOperatorOffers).
    offers.ensureIndex(new Index().on("status", Sort.Direction.ASC).on("offeredAt", Sort.Direction.ASC));
    var routing = mongo.indexOps(ConversationRouting.class);
    routing.ensureIndex(
        new Index()
            .on("queueChannelId", Sort.Direction.ASC)
            .on("status", Sort.Direction.ASC)
            .on("queuedSince", Sort.Direction.ASC));
    // The reconciler: conversations waiting or woken since before some instant.
    routing.ensureIndex(new Index().on("status", Sort.Direction.ASC).on("statusSince", Sort.Direction.ASC));
    // The same sweep: what the dismissed operators still hold.
    routing.ensureIndex(new Index().on("assignedOperatorId", Sort.Direction.ASC).on("status", Sort.Direction.ASC));
  }
}
