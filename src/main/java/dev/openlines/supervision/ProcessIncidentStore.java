package dev.openlines.supervision;

import dev.openlines.conversation.StepKeys;
import dev.openlines.workflow.JobIncidents;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/** Records the incidents job workers raise, one per failing step however often it is reported. */
@Repository
class ProcessIncidentStore implements JobIncidents {

  private final MongoTemplate mongo;
  private final Clock clock;
  private final StepKeys stepKeys;

  ProcessIncidentStore(MongoTemplate mongo, Clock clock, StepKeys stepKeys) {
    this.mongo = mongo;
    this.clock = clock;
    this.stepKeys = stepKeys;
    mongo.indexOps(ProcessIncident.class).createIndex(new Index().on("conversationId", Sort.Direction.ASC));
  }

  @Override
  public void incidentRaised(String conversationId, ActivatedJob job, String reason) {
    // Keyed by step across engine runs: a fresh embedded engine hands out the same keys again, and an
    // incident of today must not overwrite (and take the raisedAt of) one from before a restart.
    String id = conversationId + ":" + stepKeys.step(job);
    mongo.upsert(
        Query.query(Criteria.where("_id").is(id)),
        new Update()
            .set("conversationId", conversationId)
            .set("processInstanceKey", job.getProcessInstanceKey())
            .set("elementId", job.getElementId())
            .set("jobType", job.getType())
            .set("reason", reason)
            .setOnInsert("raisedAt", clock.instant()),
        ProcessIncident.class);
  }

  List<ProcessIncident> all() {
    return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "raisedAt")), ProcessIncident.class);
  }
}
