package dev.openlines.workflow;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * UP when the document store answers {@code ping}. Replaces Boot's MongoDB indicator, whose
 * {@code hello} command the embedded store rejects; {@code ping} works on both runtimes.
 */
@Component("documentStore")
public class DocumentStoreHealthIndicator extends AbstractHealthIndicator {

  private final MongoTemplate mongo;

  public DocumentStoreHealthIndicator(MongoTemplate mongo) {
    super("Document store does not answer");
    this.mongo = mongo;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Document reply = mongo.executeCommand(new Document("ping", 1));
    builder.status(reply.get("ok", Number.class).doubleValue() == 1.0 ? "UP" : "DOWN")
        .withDetail("database", mongo.getDb().getName());
  }
}
