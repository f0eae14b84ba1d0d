package dev.openlines.workflow.embedded;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Stand-alone embedded engines (no Spring), clients and models for the engine's own tests. Public because the
 * benchmarks in {@code bench/} (compiled with the test sources, Maven profile {@code bench}) use the same models
 * and client settings.
 */
public final class EngineTestSupport {

  public static final String ONE_TASK = "engine-test-one-task";
  public static final String WAITING = "engine-test-waiting";
  public static final String WORK_JOB = "engine-test.work";

  private EngineTestSupport() {}

  static EmbeddedZeebeEngine startEngine(long recordRetention) {
    return startEngine(recordRetention, EmbeddedRuntimeProperties.EngineStateStore.HEAP);
  }

  static EmbeddedZeebeEngine startEngine(long recordRetention, EmbeddedRuntimeProperties.EngineStateStore stateStore) {
    EmbeddedZeebeEngine engine =
        new EmbeddedZeebeEngine(
            EmbeddedRuntimeProperties.engineOnly(Path.of("target/engine-test-state"), recordRetention)
                .withEngineStateStore(stateStore));
    engine.start();
    return engine;
  }

  static CamundaClient client(ZeebeTestEngine engine) {
    return clientBuilder(engine).build();
  }

  /**
   * A client as the application has one: gRPC on loopback (the engine has no REST), job streaming, and the
   * engine's access token.
   */
  public static CamundaClientBuilder clientBuilder(ZeebeTestEngine engine) {
    String address = engine.getGatewayAddress();
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    return CamundaClient.newClientBuilder()
        .credentialsProvider(((EmbeddedZeebeEngine) engine).clientCredentials())
        .grpcAddress(URI.create("http://127.0.0.1:" + port))
        .restAddress(URI.create("http://127.0.0.1:1"))
        .preferRestOverGrpc(false)
        .defaultJobWorkerStreamEnabled(true)
        .defaultJobPollInterval(Duration.ofSeconds(5));
  }

  public static BpmnModelInstance oneTask() {
    return Bpmn.createExecutableProcess(ONE_TASK)
        .startEvent()
        .serviceTask("work", t -> t.zeebeJobType(WORK_JOB))
        .endEvent()
        .done();
  }

  /** Waits for a message nobody sends: open state that stays. */
  public static BpmnModelInstance waiting() {
    return Bpmn.createExecutableProcess(WAITING)
        .startEvent()
        .intermediateCatchEvent(
            "wait", e -> e.message(m -> m.name("engine-test-never").zeebeCorrelationKeyExpression("id")))
        .endEvent()
        .done();
  }

  static void deploy(CamundaClient client, BpmnModelInstance... models) {
    var command = client.newDeployResourceCommand().addProcessModel(models[0], resourceName(models[0]));
    for (int i = 1; i < models.length; i++) {
      command = command.addProcessModel(models[i], resourceName(models[i]));
    }
    command.send().join();
  }

  private static String resourceName(BpmnModelInstance model) {
    return model.getModelElementsByType(Process.class).iterator().next().getId() + ".bpmn";
  }
}
