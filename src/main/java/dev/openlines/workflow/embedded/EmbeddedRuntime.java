package dev.openlines.workflow.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/** The in-process engine and store of the default runtime, stopped after every bean that uses them. */
public final class EmbeddedRuntime implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntime.class);

  private final EmbeddedStore store;
  private final ZeebeTestEngine engine;

  EmbeddedRuntime(EmbeddedStore store, ZeebeTestEngine engine) {
    this.store = store;
    this.engine = engine;
  }

  public ZeebeTestEngine engine() {
    return engine;
  }

  String storeUri() {
    return store.connectionUri("openlines");
  }

  String engineAddress() {
    return engine.getGatewayAddress();
  }

  @Override
  public void destroy() {
    log.info("Stopping the embedded engine and store");
    try {
      engine.stop();
    } finally {
      store.close();
    }
  }
}
