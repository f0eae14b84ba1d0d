package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobWorkerLoggingTest {

  private static final String PROCESS_ID = "test-note-logging";
  private static final String FAILING_PROCESS_ID = "test-note-failing";

  @Autowired CamundaClient client;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger workerLogger = (Logger) LoggerFactory.getLogger(NoteLoggingWorker.class);
  private final Logger handlerLogger = (Logger) LoggerFactory.getLogger(TracedDurableJobHandler.class);

  @BeforeEach
  void captureTheWorkersLog() {
    logged.start();
    workerLogger.addAppender(logged);
    handlerLogger.addAppender(logged);
    // Test-only models of one step each: what is checked is the job handler wrapping every worker (its log
    // context), with a test worker, so no product process is started with made-up variables.
    client
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess(PROCESS_ID)
                .startEvent()
                .serviceTask("log-note", task -> task.zeebeJobType(NoteLoggingWorker.TYPE))
                .endEvent()
                .done(),
            PROCESS_ID + ".bpmn")
        .addProcessModel(
            Bpmn.createExecutableProcess(FAILING_PROCESS_ID)
                .startEvent()
                .serviceTask(
                    "fail-on-note", task -> task.zeebeJobType(NoteLoggingWorker.FAILING_TYPE).zeebeJobRetries("1"))
                .endEvent()
                .done(),
            FAILING_PROCESS_ID + ".bpmn")
        .requestTimeout(Duration.ofSeconds(30))
        .send()
        .join();
  }

  @AfterEach
  void stopCapturing() {
    workerLogger.detachAppender(logged);
    handlerLogger.detachAppender(logged);
  }

  @Test
  void aWorkersLogLinesCarryTheConversationIdEvenWhenTheWorkerDoesNotAskForIt() {
    String conversationId = UUID.randomUUID().toString();
    String note = "note-" + UUID.randomUUID();

    startProcess(Map.of(Workflow.Variable.CONVERSATION_ID, conversationId, "note", note));

    ILoggingEvent line = awaitLine(note);
    assertThat(line.getMDCPropertyMap()).containsEntry(TracedDurableJobHandler.MDC_KEY, conversationId);
  }

  @Test
  void theConversationIdDoesNotLeakIntoTheNextJobOnTheSameThread() {
    String firstNote = "note-" + UUID.randomUUID();
    startProcess(Map.of(Workflow.Variable.CONVERSATION_ID, UUID.randomUUID().toString(), "note", firstNote));
    awaitLine(firstNote);

    String secondNote = "note-" + UUID.randomUUID();
    startProcess(Map.of("note", secondNote));

    ILoggingEvent line = awaitLine(secondNote);
    assertThat(line.getMDCPropertyMap()).doesNotContainKey(TracedDurableJobHandler.MDC_KEY);
  }

  @Test
  void aFailingJobIsLoggedWithItsConversationId() {
    String conversationId = UUID.randomUUID().toString();
    String note = "note-" + UUID.randomUUID();

    startProcess(FAILING_PROCESS_ID, Map.of(Workflow.Variable.CONVERSATION_ID, conversationId, "note", note));

    ILoggingEvent line = awaitLine("Cannot handle " + note);
    assertThat(line.getLoggerName()).isEqualTo(TracedDurableJobHandler.class.getName());
    assertThat(line.getFormattedMessage()).contains(NoteLoggingWorker.FAILING_TYPE);
    assertThat(line.getMDCPropertyMap()).containsEntry(TracedDurableJobHandler.MDC_KEY, conversationId);
  }

  private void startProcess(Map<String, Object> variables) {
    startProcess(PROCESS_ID, variables);
  }

  private void startProcess(String processId, Map<String, Object> variables) {
    client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables).send().join();
  }

  private ILoggingEvent awaitLine(String note) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> findLine(note), Optional::isPresent)
        .orElseThrow();
  }

  private Optional<ILoggingEvent> findLine(String note) {
    synchronized (logged.list) {
      return logged.list.stream().filter(e -> e.getFormattedMessage().contains(note)).findFirst();
    }
  }
}
