package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The engine fact the bot phase is built on: one published message is correlated to only one
 * subscription of a process instance. The conversation's "reply-watch" event sub-process listens to every
 * {@code client-message}, so a wait inside the process could not also receive it; the bot phase therefore
 * listens to its own message, {@code bot-client-message}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessageCorrelationOnceTest {

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;

  @Test
  void aMessageReachesEitherTheEventSubProcessOrTheCatchEventNeverBoth() throws Exception {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("probe-once")
            .eventSubProcess("watch", sub -> sub.startEvent("watch-start").interrupting(false)
                .message(m -> m.name("probe").zeebeCorrelationKeyExpression("key")).endEvent("watched"))
            .startEvent()
            .intermediateCatchEvent("caught").message(m -> m.name("probe").zeebeCorrelationKeyExpression("key"))
            .userTask("hold")
            .endEvent()
            .done();
    // A probe model of its own: the fact is the engine's, not the conversation process's (no product instance is made up).
    client.newDeployResourceCommand().addProcessModel(model, "probe-once.bpmn").send().join();
    String key = "probe-" + UUID.randomUUID();
    // Created on the engine directly: the test is about the engine's correlation itself, which no ingestion path isolates.
    long instance = client.newCreateInstanceCommand().bpmnProcessId("probe-once").latestVersion()
        .variables(Map.of("key", key)).send().join().getProcessInstanceKey();
    await().atMost(Duration.ofSeconds(30)).until(() -> activated(instance, "caught"));

    client.newPublishMessageCommand().messageName("probe").correlationKey(key).messageId("one").send().join();

    await().atMost(Duration.ofSeconds(30)).until(() -> completed(instance, "caught") || completed(instance, "watched"));
    engine.waitForIdleState(Duration.ofSeconds(10));
    assertThat(List.of(completed(instance, "caught"), completed(instance, "watched"))).containsExactlyInAnyOrder(true, false);
  }

  boolean activated(long instance, String elementId) {
    return has(instance, elementId, ProcessInstanceIntent.ELEMENT_ACTIVATED);
  }

  boolean completed(long instance, String elementId) {
    return has(instance, elementId, ProcessInstanceIntent.ELEMENT_COMPLETED);
  }

  boolean has(long instance, String elementId, ProcessInstanceIntent intent) {
    return StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).processInstanceRecords().spliterator(), false)
        .anyMatch(r -> r.getValue().getProcessInstanceKey() == instance
            && elementId.equals(r.getValue().getElementId())
            && r.getIntent() == intent);
  }
}
