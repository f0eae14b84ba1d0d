package dev.openlines.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.operator.Operator;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.workflow.embedded.EmbeddedRuntime;
import dev.openlines.workflow.embedded.store.StoreStats;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The sweep for conversations a dismissed operator still holds runs every minute on a service with
 * thousands of operators and conversations: it reads what it looks for through indexes, not by reading
 * every operator and every conversation's routing state.
 */
@SpringBootTest
class DismissedOperatorsSweepIndexTest {

  static final int STORED = 2_000;

  @Autowired ConversationsOfDismissedOperators sweep;
  @Autowired EmbeddedRuntime runtime;
  @Autowired MongoTemplate mongo;

  @Test
  void theSweepReadsOnlyTheDismissedOperatorsAndWhatTheyHold() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Document> operators = new ArrayList<>();
    List<Document> held = new ArrayList<>();
    for (int i = 0; i < STORED; i++) {
      operators.add(new Document("_id", "sweep-" + run + "-op-" + i).append("name", "Op " + i).append("dismissed", false));
      held.add(new Document("_id", "sweep-" + run + "-conv-" + i)
          .append("status", "ASSIGNED").append("assignedOperatorId", "sweep-" + run + "-op-" + i));
    }
    operators.add(new Document("_id", "sweep-" + run + "-gone").append("name", "Gone").append("dismissed", true));
    mongo.getCollection(mongo.getCollectionName(Operator.class)).insertMany(operators);
    mongo.getCollection(mongo.getCollectionName(ConversationRouting.class)).insertMany(held);

    StoreStats stats = runtime.storeStats();
    stats.resetShapes();
    sweep.handBackWhatTheDismissalMissed();

    String operatorsShape = mongo.getCollectionName(Operator.class) + " ";
    String routingShape = mongo.getCollectionName(ConversationRouting.class) + " ";
    List<StoreStats.Shape> read = stats.shapes().stream()
        .filter(s -> s.shape().startsWith(operatorsShape) || s.shape().startsWith(routingShape))
        .toList();
    assertThat(read).as("the sweep's queries").hasSize(2)
        .allSatisfy(s -> assertThat(s.examined()).as(s.toString()).isLessThan(100));
  }
}
