package dev.openlines.operator;

import dev.openlines.channel.KnownOperators;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Answers channel settings whether the operators (dismissed ones still do) and departments they name exist. */
@Component
class OperatorsKnownToChannels implements KnownOperators {

  private final MongoTemplate mongo;

  OperatorsKnownToChannels(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public boolean exists(String operatorId) {
    return mongo.exists(Query.query(Criteria.where("_id").is(operatorId)), Operator.class);
  }

  @Override
  public boolean departmentExists(String departmentId) {
    return mongo.exists(Query.query(Criteria.where("_id").is(departmentId)), Department.class);
  }
}
