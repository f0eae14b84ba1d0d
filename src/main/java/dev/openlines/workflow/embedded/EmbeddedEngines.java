package dev.openlines.workflow.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import java.lang.reflect.Field;

/** Builds the in-process Zeebe engine of the embedded runtime. */
final class EmbeddedEngines {

  private EmbeddedEngines() {}

  static ZeebeTestEngine start(EmbeddedRuntimeProperties properties) {
    ZeebeTestEngine engine =
        properties.enginePort() == 0 ? EngineFactory.create() : EngineFactory.create(properties.enginePort());
    engine.start();
    return engine;
  }

  /**
   * The engine's controllable clock. The stock engine keeps it private, so it is read reflectively
   * until the engine is assembled here (then it is passed in).
   */
  static ControlledActorClock clock(ZeebeTestEngine engine) {
    try {
      Field field = engine.getClass().getDeclaredField("clock");
      field.setAccessible(true);
      return (ControlledActorClock) field.get(engine);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot reach the embedded engine's clock", e);
    }
  }

  static int port(ZeebeTestEngine engine) {
    String address = engine.getGatewayAddress();
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
