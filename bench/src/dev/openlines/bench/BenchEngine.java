package dev.openlines.bench;

import dev.openlines.workflow.embedded.EmbeddedRuntimeProperties;
import dev.openlines.workflow.embedded.EmbeddedZeebeEngine;
import dev.openlines.workflow.embedded.EngineTestSupport;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.nio.file.Path;

/** One engine plus a client connected to it over gRPC with job streaming, as the application is. */
final class BenchEngine implements AutoCloseable {

  final ZeebeTestEngine engine;
  final CamundaClient client;

  private BenchEngine(ZeebeTestEngine engine) {
    this.engine = engine;
    this.client = EngineTestSupport.clientBuilder(engine).numJobWorkerExecutionThreads(2).build();
  }

  /**
   * OpenLines' engine with its state where {@code arguments}' {@code state=heap|rocksdb} says (heap by default,
   * as the application), or with {@code stock=true} the zeebe-process-test EngineFactory one, for contrast.
   */
  static BenchEngine start(BenchArgs arguments, long recordRetention) {
    ZeebeTestEngine engine =
        arguments.bool("stock", false)
            ? EngineFactory.create()
            : new EmbeddedZeebeEngine(
                EmbeddedRuntimeProperties.engineOnly(Path.of("target/bench-engine-state"), recordRetention)
                    .withEngineStateStore(stateStore(arguments)));
    engine.start();
    return new BenchEngine(engine);
  }

  static EmbeddedRuntimeProperties.EngineStateStore stateStore(BenchArgs arguments) {
    return EmbeddedRuntimeProperties.EngineStateStore.parse(arguments.text("state", "heap"));
  }

  /** What the bench ran on, for its first line. */
  static String describe(BenchArgs arguments) {
    return arguments.bool("stock", false)
        ? "stock EngineFactory (in-memory state)"
        : "OpenLines EmbeddedZeebeEngine (state in " + stateStore(arguments).name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  void deploy(BpmnModelInstance... models) {
    var command =
        client.newDeployResourceCommand().addResourceStringUtf8(BenchModels.LEAD_DECISION, "bench-lead.dmn");
    for (BpmnModelInstance model : models) {
      String processId = model.getModelElementsByType(Process.class).iterator().next().getId();
      command = command.addResourceStringUtf8(Bpmn.convertToString(model), processId + ".bpmn");
    }
    command.send().join();
  }

  @Override
  public void close() {
    client.close();
    engine.stop();
  }
}
