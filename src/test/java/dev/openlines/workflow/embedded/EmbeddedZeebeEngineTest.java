package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.openlines.workflow.embedded.state.HeapStateStore;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.db.impl.rocksdb.transaction.ZeebeTransactionDb;
import io.camunda.zeebe.logstreams.impl.flowcontrol.FlowControl;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceCreationIntent;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceCreationRecordValue;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded engine on its own: network exposure, bounded log, state store, BPMN semantics. It runs
 * without the application, on tiny models of its own (EngineTestSupport), never the product's process.
 */
class EmbeddedZeebeEngineTest {

  private static EmbeddedZeebeEngine engine;
  private static CamundaClient client;

  @BeforeAll
  static void startEngine() {
    engine = EngineTestSupport.startEngine(1_000);
    client = EngineTestSupport.client(engine);
    EngineTestSupport.deploy(client, EngineTestSupport.oneTask(), timerAndMessage());
  }

  @AfterAll
  static void stopEngine() {
    client.close();
    engine.stop();
  }

  @Test
  void gRpcListensOnLoopbackOnlyAndReportsItsRealAddress() throws IOException {
    List<? extends SocketAddress> listening = engine.listenAddresses();

    assertThat(listening)
        .isNotEmpty()
        .allSatisfy(
            address -> assertThat(((InetSocketAddress) address).getAddress().isLoopbackAddress()).isTrue());
    assertThat(engine.getGatewayAddress()).isEqualTo("127.0.0.1:" + engine.port());
    assertThat(engine.port()).isPositive();
    Optional<InetAddress> externalAddress = nonLoopbackAddress();
    if (externalAddress.isPresent()) {
      assertThat(acceptsConnection(externalAddress.get(), engine.port())).isFalse();
    }
    assertThat(acceptsConnection(InetAddress.getLoopbackAddress(), engine.port())).isTrue();
  }

  @Test
  void stateLivesInTheHeapByDefault() {
    assertThat(engine.stateStore()).isInstanceOf(HeapStateStore.class);
    assertThat(engine.stateDirectory()).isNull();
  }

  @Test
  void stateLivesInRocksDbInItsOwnDirectoryWhichStopDeletesIfSoConfigured() throws Exception {
    EmbeddedZeebeEngine second = EngineTestSupport.startEngine(10, EmbeddedRuntimeProperties.EngineStateStore.ROCKSDB);
    Path directory = second.stateDirectory();
    try (CamundaClient secondClient = EngineTestSupport.client(second)) {
      assertThat(second.stateStore()).isInstanceOf(ZeebeTransactionDb.class);
      assertThat(directory.resolve("CURRENT")).exists(); // a RocksDB database
      // The same engine on it: an instance runs through its task.
      EngineTestSupport.deploy(secondClient, EngineTestSupport.oneTask());
      AtomicInteger worked = new AtomicInteger();
      try (JobWorker worker = secondClient.newWorker().jobType(EngineTestSupport.WORK_JOB)
          .handler((jobClient, job) -> {
            worked.incrementAndGet();
            jobClient.newCompleteCommand(job).send().join();
          }).open()) {
        secondClient.newCreateInstanceCommand().bpmnProcessId(EngineTestSupport.ONE_TASK).latestVersion()
            .withResult().send().join(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      assertThat(worked).hasValue(1);
    } finally {
      second.stop();
    }
    assertThat(directory).doesNotExist();
  }

  @Test
  void logStaysBoundedWhileManyInstancesRunAndComplete() throws ReflectiveOperationException {
    int instances = 600;
    AtomicInteger completedJobs = new AtomicInteger();
    JobWorker worker = completingWorker(client, completedJobs);
    try {
      long appendedBefore = engine.logFootprint().appendedRecords();
      for (int i = 0; i < instances; i++) {
        client.newCreateInstanceCommand().bpmnProcessId(EngineTestSupport.ONE_TASK).latestVersion().send().join();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> completedJobs.get() >= instances);

      // Each instance writes ~30 records; once processed, all but the retention are dropped.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                EmbeddedZeebeEngine.LogFootprint footprint = engine.logFootprint();
                assertThat(footprint.appendedRecords() - appendedBefore).isGreaterThan(10L * 1_000);
                assertThat(footprint.retainedRecords()).isLessThanOrEqualTo(1_000 + 100);
              });
      Iterable<Record<?>> inspectable = engine.getRecordStreamSource().getRecords();
      assertThat(StreamSupport.stream(inspectable.spliterator(), false).count()).isLessThanOrEqualTo(1_000);
      // The log's flow control forgets each batch once processed (thousands kept for good without it).
      assertThat(batchesTrackedByFlowControl()).isLessThanOrEqualTo(100);
    } finally {
      worker.close();
    }
  }

  /** Zeebe keeps this bookkeeping private and offers no size: read it as it is. */
  private static int batchesTrackedByFlowControl() throws ReflectiveOperationException {
    Field inFlight = FlowControl.class.getDeclaredField("inFlight");
    inFlight.setAccessible(true);
    return ((Map<?, ?>) inFlight.get(engine.flowControl())).size();
  }

  @Test
  void timerAndMessageWorkEndToEndWithTimeTravel() {
    ProcessInstanceEvent instance =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("engine-test-timer-message")
            .latestVersion()
            .variables(Map.of("orderId", "order-1"))
            .send()
            .join();
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThatProcess(instance).isWaitingAtElements("reminder-due"));

    engine.increaseTime(Duration.ofHours(2));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThatProcess(instance).hasPassedElement("reminder-due").isWaitingAtElements("paid"));

    client.newPublishMessageCommand().messageName("engine-test-paid").correlationKey("order-1").send().join();
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThatProcess(instance).hasPassedElementsInOrder("reminder-due", "paid").isCompleted());
  }

  @Test
  void aJobNotCompletedWithinItsTimeoutIsActivatedAgain() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("engine-test-job-timeout")
        .startEvent()
        .serviceTask("slow-work", t -> t.zeebeJobType("engine-test.slow"))
        .endEvent()
        .done();
    EngineTestSupport.deploy(client, model);
    client.newCreateInstanceCommand().bpmnProcessId("engine-test-job-timeout").latestVersion().send().join();
    long firstKey = await().atMost(Duration.ofSeconds(10)).until(() -> activateSlowWork(), key -> key != null);

    // The worker that took it never answers: after its timeout the engine hands the job out again.
    engine.increaseTime(Duration.ofMinutes(2));
    Long again = await().atMost(Duration.ofSeconds(10)).until(() -> activateSlowWork(), key -> key != null);

    assertThat(again).isEqualTo(firstKey);
  }

  private Long activateSlowWork() {
    var jobs = client.newActivateJobsCommand().jobType("engine-test.slow").maxJobsToActivate(1)
        .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofMillis(200)).send().join().getJobs();
    return jobs.isEmpty() ? null : jobs.get(0).getKey();
  }

  @Test
  void waitForIdleStateReturnsOnlyAfterTheEngineProcessedEverything() throws Exception {
    ProcessInstanceEvent instance =
        client.newCreateInstanceCommand().bpmnProcessId("engine-test-timer-message").latestVersion()
            .variables(Map.of("orderId", "order-idle")).send().join();

    engine.waitForIdleState(Duration.ofSeconds(10));

    // No await: idle means the instance has already reached its timer.
    assertThatProcess(instance).isWaitingAtElements("reminder-due");
  }

  @Test
  void twoEnginesInOneJvmAnswerEachRequestWithItsOwnResult() {
    EmbeddedZeebeEngine other = EngineTestSupport.startEngine(100_000);
    try (CamundaClient otherClient = EngineTestSupport.client(other)) {
      BpmnModelInstance alpha = Bpmn.createExecutableProcess("engine-alpha").startEvent().endEvent().done();
      BpmnModelInstance beta = Bpmn.createExecutableProcess("engine-beta").startEvent().endEvent().done();
      EngineTestSupport.deploy(client, alpha);
      EngineTestSupport.deploy(otherClient, beta);

      List<CompletableFuture<ProcessInstanceEvent>> onFirst = new ArrayList<>();
      List<CompletableFuture<ProcessInstanceEvent>> onSecond = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        onFirst.add(client.newCreateInstanceCommand().bpmnProcessId("engine-alpha").latestVersion().send().toCompletableFuture());
        onSecond.add(otherClient.newCreateInstanceCommand().bpmnProcessId("engine-beta").latestVersion().send().toCompletableFuture());
      }

      assertThat(onFirst).allSatisfy(f -> assertThat(f.join().getBpmnProcessId()).isEqualTo("engine-alpha"));
      assertThat(onSecond).allSatisfy(f -> assertThat(f.join().getBpmnProcessId()).isEqualTo("engine-beta"));
      // Every key a client got back is an instance of that engine's own process.
      var betaInstances = createdInstanceKeys(other, "engine-beta");
      assertThat(onSecond).allSatisfy(f -> assertThat(betaInstances).contains(f.join().getProcessInstanceKey()));
    } finally {
      other.stop();
    }
  }

  private static Set<Long> createdInstanceKeys(EmbeddedZeebeEngine on, String processId) {
    return StreamSupport.stream(on.getRecordStreamSource().getRecords().spliterator(), false)
        .filter(r -> r.getValueType() == ValueType.PROCESS_INSTANCE_CREATION)
        .filter(r -> r.getIntent() == ProcessInstanceCreationIntent.CREATED)
        .map(r -> (ProcessInstanceCreationRecordValue) r.getValue())
        .filter(v -> v.getBpmnProcessId().equals(processId))
        .map(ProcessInstanceCreationRecordValue::getProcessInstanceKey)
        .collect(Collectors.toSet());
  }

  @Test
  void refusesToStartTwice() {
    assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class);
  }

  static JobWorker completingWorker(CamundaClient on, AtomicInteger completed) {
    return on.newWorker()
        .jobType(EngineTestSupport.WORK_JOB)
        .handler((jobClient, job) ->
            jobClient.newCompleteCommand(job.getKey()).send().whenComplete((ok, error) -> {
              if (error == null) {
                completed.incrementAndGet();
              }
            }))
        .maxJobsActive(200)
        .streamEnabled(true)
        .open();
  }

  private static ProcessInstanceAssert assertThatProcess(ProcessInstanceEvent instance) {
    return new ProcessInstanceAssert(
        instance.getProcessInstanceKey(), RecordStream.of(engine.getRecordStreamSource()));
  }

  /** A reminder timer of one hour, then a wait for the payment message. */
  private static BpmnModelInstance timerAndMessage() {
    return Bpmn.createExecutableProcess("engine-test-timer-message")
        .startEvent()
        .intermediateCatchEvent("reminder-due", e -> e.timerWithDuration("PT1H"))
        .intermediateCatchEvent(
            "paid", e -> e.message(m -> m.name("engine-test-paid").zeebeCorrelationKeyExpression("orderId")))
        .endEvent()
        .done();
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  static boolean acceptsConnection(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (ConnectException | SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
