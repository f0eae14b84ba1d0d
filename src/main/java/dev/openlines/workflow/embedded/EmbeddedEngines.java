package dev.openlines.workflow.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;

/** Builds the in-process Zeebe engine of the embedded runtime. */
final class EmbeddedEngines {

  private EmbeddedEngines() {}

  static ZeebeTestEngine start(EmbeddedRuntimeProperties properties) {
    ZeebeTestEngine engine =
        properties.enginePort() == 0 ? EngineFactory.create() : EngineFactory.create(properties.enginePort());
    engine.start();
    return engine;
  }

  static int port(ZeebeTestEngine engine) {
    String address = engine.getGatewayAddress();
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
