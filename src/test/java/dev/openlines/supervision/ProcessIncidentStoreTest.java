package dev.openlines.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.openlines.conversation.StepKeys;
import io.camunda.client.api.response.ActivatedJob;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProcessIncidentStoreTest {

  @Autowired ProcessIncidentStore incidents;
  @Autowired StepKeys stepKeys;
  @Autowired MongoTemplate mongo;

  @Test
  void anIncidentIsKeptPerStepOfThisEngineRunAndReportedOnceHoweverOftenItIsRaised() {
    String conversationId = "conv-" + UUID.randomUUID();
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getElementInstanceKey()).thenReturn(42L);
    when(job.getProcessInstanceKey()).thenReturn(7L);
    when(job.getElementId()).thenReturn("send-greeting");
    when(job.getType()).thenReturn("message.send");

    incidents.incidentRaised(conversationId, job, "first report");
    incidents.incidentRaised(conversationId, job, "second report");

    ProcessIncident stored = mongo.findById(conversationId + ":" + stepKeys.step(job), ProcessIncident.class);
    assertThat(stored).isNotNull();
    assertThat(stored.reason()).isEqualTo("second report");
    assertThat(incidents.all()).filteredOn(i -> conversationId.equals(i.conversationId())).hasSize(1);
  }
}
