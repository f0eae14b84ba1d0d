package dev.openlines.workflow.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Earlier versions moved each delivered command to a collection of its own, {@value #COLLECTION}.
 * On the first start of this version they join the queue's collection, marked delivered, and that
 * collection is dropped. A command found in both (a crash between the old copy and removal) was
 * delivered: the queue's copy is marked so. Run again after a crash midway, it does the same.
 */
final class EarlierDeliveredCommands {

  static final String COLLECTION = "process_outbox_delivered";
  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(EarlierDeliveredCommands.class);

  private EarlierDeliveredCommands() {}

  static void mergeInto(MongoTemplate mongo, String queue) {
    if (!mongo.collectionExists(COLLECTION)) {
      return;
    }
    long merged = 0;
    List<Document> batch = new ArrayList<>(BATCH);
    try (Stream<Document> delivered = mongo.stream(new Query(), Document.class, COLLECTION)) {
      for (Document command : (Iterable<Document>) delivered::iterator) {
        batch.add(command);
        if (batch.size() == BATCH) {
          merged += upsert(mongo, queue, batch);
        }
      }
    }
    merged += upsert(mongo, queue, batch);
    mongo.dropCollection(COLLECTION);
    log.info("Moved {} delivered process commands from {} into {}", merged, COLLECTION, queue);
  }

  private static int upsert(MongoTemplate mongo, String queue, List<Document> commands) {
    if (commands.isEmpty()) {
      return 0;
    }
    BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, queue);
    for (Document command : commands) {
      Update update = new Update().set("deliveredAt", command.get("deliveredAt"));
      command.forEach((field, value) -> {
        if (!field.equals("_id") && !field.equals("deliveredAt")) {
          update.setOnInsert(field, value);
        }
      });
      bulk.upsert(Query.query(Criteria.where("_id").is(command.get("_id"))), update);
    }
    bulk.execute();
    int count = commands.size();
    commands.clear();
    return count;
  }
}
