package dev.openlines.conversation;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** The spam list: clients flagged per connector. Index {@code connector_client} is unique. */
@Service
public class ClientFlagService {

  private final MongoTemplate mongo;
  private final Clock clock;

  public ClientFlagService(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
    mongo.indexOps(ClientFlag.class).createIndex(
        new Index().on("connectorId", Sort.Direction.ASC).on("clientId", Sort.Direction.ASC).unique().named("connector_client"));
  }

  /** Flags the client; flagging again keeps the first flag (who and when). */
  public ClientFlag flagSpam(String connectorId, String clientId, String conversationId, String operatorId) {
    Query query = byClient(connectorId, clientId);
    query.fields().include("connectorId", "clientId", "conversationId", "flaggedBy", "flaggedAt");
    Update firstFlagOnly =
        new Update()
            .setOnInsert("_id", UUID.randomUUID().toString())
            .setOnInsert("conversationId", conversationId)
            .setOnInsert("flaggedBy", operatorId)
            .setOnInsert("flaggedAt", clock.instant());
    return mongo.findAndModify(query, firstFlagOnly, FindAndModifyOptions.options().upsert(true).returnNew(true), ClientFlag.class);
  }

  /** Asked for every inbound message: a find of one id, where {@code exists} would run a counting pipeline. */
  public boolean isFlagged(String connectorId, String clientId) {
    Query query = byClient(connectorId, clientId);
    query.fields().include("_id");
    return mongo.findOne(query, ClientFlag.class) != null;
  }

  public Optional<ClientFlag> flag(String connectorId, String clientId) {
    return Optional.ofNullable(mongo.findOne(byClient(connectorId, clientId), ClientFlag.class));
  }

  /** @return false when the client was not flagged */
  public boolean unflag(String connectorId, String clientId) {
    return mongo.remove(byClient(connectorId, clientId), ClientFlag.class).getDeletedCount() == 1;
  }

  private static Query byClient(String connectorId, String clientId) {
    return Query.query(Criteria.where("connectorId").is(connectorId).and("clientId").is(clientId));
  }
}
