package dev.openlines.workflow.embedded;

import dev.openlines.workflow.EngineRun;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/** The in-process engine and store of the default runtime, stopped after every bean that uses them. */
public final class EmbeddedRuntime implements EngineRun, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntime.class);

  private final EmbeddedStore store;
  private final ZeebeTestEngine engine;
  private final Clock clock;
  private final String engineRunId = UUID.randomUUID().toString();
  private final Instant engineStartedAt;

  EmbeddedRuntime(EmbeddedStore store, ZeebeTestEngine engine, Clock clock) {
    this.store = store;
    this.engine = engine;
    this.clock = clock;
    this.engineStartedAt = clock.instant();
  }

  /**
   * Identifies this start of the in-process engine. The engine's state lives in memory, so every
   * process instance created before this run is gone; a conversation stamped with another run id
   * has no process in this engine.
   */
  @Override
  public String engineRunId() {
    return engineRunId;
  }

  /** When this run's engine started: no conversation created earlier has a process instance in it. */
  @Override
  public Instant engineStartedAt() {
    return engineStartedAt;
  }

  /** The application's clock: follows the engine's, including time travel in tests. */
  public Clock clock() {
    return clock;
  }

  public ZeebeTestEngine engine() {
    return engine;
  }

  /** Query and commit counts of the embedded document store (documents examined per query). */
  public dev.openlines.workflow.embedded.store.StoreStats storeStats() {
    return store.stats();
  }

  /** Size of the embedded store's file in bytes. */
  public long storeFileSize() {
    return store.fileSize();
  }

  public int storeLiveChunksPercent() {
    return store.liveChunksPercent();
  }

  String storeUri() {
    return store.connectionUri("openlines");
  }

  java.net.InetSocketAddress storeAddress() {
    return store.address();
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
