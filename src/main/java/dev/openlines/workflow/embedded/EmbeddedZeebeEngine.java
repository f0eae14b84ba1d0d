package dev.openlines.workflow.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.impl.ZeebeObjectMapper;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.logstreams.impl.flowcontrol.FlowControl;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import dev.openlines.workflow.embedded.gateway.GatewayCalls;
import dev.openlines.workflow.embedded.gateway.LoopbackGateway;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenLines' in-process Zeebe 8.8 engine: the real engine processors (BPMN, DMN, FEEL, timers,
 * messages) assembled for running inside the application for weeks, unlike zeebe-process-test's
 * {@code EngineFactory} which is built for short tests:
 *
 * <ul>
 *   <li>gRPC on the loopback interface only, and in process for the application's own client
 *       ({@link LoopbackGateway});
 *   <li>state in sorted maps in the heap ({@link HeapStateStore}), whose prefix walks do not slow
 *       down as open instances pile up (the test engine's in-memory store copies a whole column family
 *       per iteration), or in Zeebe's RocksDB store if so configured;
 *   <li>a thread-safe log that drops processed records ({@link BoundedLogStorage});
 *   <li>no static state, so several engines can share a JVM.
 * </ul>
 *
 * Time travel ({@link #increaseTime}) moves the engine's actor clock, which {@link #clock()} hands
 * to the application.
 */
public final class EmbeddedZeebeEngine implements ZeebeTestEngine {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedZeebeEngine.class);
  private static final int PARTITION_ID = 1;
  private static final int PARTITION_COUNT = 1;
  /** How often processed log records are dropped: bounds the log to a fraction of a second's load. */
  private static final Duration PRUNE_INTERVAL = Duration.ofMillis(200);

  private final EmbeddedRuntimeProperties properties;
  private final ControlledActorClock clock = new ControlledActorClock();
  private final BoundedLogStorage logStorage;
  /** What start() opened, closed in reverse order by stop(). */
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  private volatile boolean started;
  private LoopbackGateway gateway;
  /** One per application run, kept across engine restarts so the application's client stays valid. */
  private final EngineAccessToken accessToken = new EngineAccessToken();
  /** Kept across engine restarts too: the application's in-process channel finds the engine again by it. */
  private final String inProcessName = "openlines-engine-" + UUID.randomUUID();
  private final GatewayCalls gatewayCalls = new GatewayCalls();
  private LogStream logStream;
  private StreamProcessor streamProcessor;
  private ZeebeDb<ZbColumnFamilies> stateStore;
  private RetainedRecordStream recordStream;
  private IdleStateMonitor idleMonitor;
  private Path stateDirectory;

  public EmbeddedZeebeEngine(EmbeddedRuntimeProperties properties) {
    this.properties = properties;
    this.logStorage = new BoundedLogStorage(properties.engineRecordRetention());
  }

  @Override
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("The embedded engine is already started");
    }
    try {
      open();
      started = true;
    } catch (RuntimeException e) {
      closeOpened();
      throw e;
    }
  }

  private void open() {
    ActorScheduler scheduler = ActorScheduler.newActorScheduler().setActorClock(clock).build();
    scheduler.start();
    opened.push(scheduler::stop);

    logStream =
        LogStream.builder()
            .withPartitionId(PARTITION_ID)
            .withLogStorage(logStorage)
            .withClock(clock)
            .withMeterRegistry(new SimpleMeterRegistry())
            .build();
    opened.push(logStream);

    EngineAssembly.OpenedState state = EngineAssembly.openStateStore(properties, PARTITION_ID, PARTITION_COUNT, opened);
    stateStore = state.store();
    stateDirectory = state.directory();

    gateway = LoopbackGateway.start(
            logStream.newLogStreamWriter(), properties.enginePort(), inProcessName, accessToken.serverInterceptor(), gatewayCalls);
    opened.push(gateway);

    streamProcessor = EngineAssembly.streamProcessor(logStream, scheduler, stateStore, gateway, clock, PARTITION_COUNT);
    idleMonitor = new IdleStateMonitor(streamProcessor);
    logStorage.addCommitListener(idleMonitor);
    recordStream = new RetainedRecordStream(logStream.newLogStreamReader(), logStorage, PARTITION_ID);
    streamProcessor.openAsync(false).join();
    opened.push(() -> streamProcessor.closeAsync().join());
    // On stop, take no more requests before the processor closes (closing twice is harmless).
    opened.push(gateway);

    ScheduledExecutorService pruner =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "openlines-engine-log-pruner");
              thread.setDaemon(true);
              return thread;
            });
    long every = PRUNE_INTERVAL.toMillis();
    pruner.scheduleWithFixedDelay(this::pruneProcessedRecords, every, every, TimeUnit.MILLISECONDS);
    opened.push(pruner::shutdownNow);
  }

  private void pruneProcessedRecords() {
    try {
      if (streamProcessor.isClosed() || streamProcessor.isFailed()) {
        return;
      }
      logStorage.pruneProcessed(streamProcessor.getLastProcessedPositionAsync().join());
    } catch (RuntimeException e) {
      // Closing between the check and the call; the next run (if any) tries again.
      log.debug("Could not prune the engine log", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (!started) {
      return;
    }
    started = false;
    closeOpened();
  }

  private void closeOpened() {
    while (!opened.isEmpty()) {
      AutoCloseable resource = opened.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Failed to close a part of the embedded engine", e);
      }
    }
  }

  /** The engine's controllable clock; the application's {@link java.time.Clock} follows it. */
  ControlledActorClock clock() {
    return clock;
  }

  @Override
  public RecordStreamSource getRecordStreamSource() {
    requireStarted();
    return recordStream;
  }

  @Override
  public ZeebeClient createClient() {
    return clientBuilder().build();
  }

  @Override
  public ZeebeClient createClient(ObjectMapper objectMapper) {
    return clientBuilder().withJsonMapper(new ZeebeObjectMapper(objectMapper)).build();
  }

  @SuppressWarnings("deprecation")
  private io.camunda.zeebe.client.ZeebeClientBuilder clientBuilder() {
    return ZeebeClient.newClientBuilder()
        .applyEnvironmentVariableOverrides(false)
        .preferRestOverGrpc(false)
        .gatewayAddress(getGatewayAddress())
        .credentialsProvider(accessToken.zeebeCredentials())
        .usePlaintext();
  }

  /** Credentials the application's Camunda client needs to be let in (see {@link EngineAccessToken}). */
  io.camunda.client.CredentialsProvider clientCredentials() {
    return accessToken.camundaCredentials();
  }

  /**
   * A channel to this engine inside the JVM, for the application's own client: the same service and
   * access check as the loopback port, without the network stack between them.
   */
  public InProcessChannelBuilder inProcessChannel() {
    return InProcessChannelBuilder.forName(inProcessName);
  }

  /** Calls this engine took since the application started, in process and on the loopback port. */
  public GatewayCalls gatewayCalls() {
    return gatewayCalls;
  }

  /** {@code 127.0.0.1:port}: the real address the engine listens on. */
  @Override
  public String getGatewayAddress() {
    requireStarted();
    return "127.0.0.1:" + gateway.port();
  }

  public int port() {
    requireStarted();
    return gateway.port();
  }

  /** The socket addresses the engine's gRPC server is bound to. */
  public List<? extends SocketAddress> listenAddresses() {
    requireStarted();
    return gateway.listenAddresses();
  }

  @Override
  public void increaseTime(Duration timeToAdd) {
    clock.addTime(timeToAdd);
  }

  @Override
  public void waitForIdleState(Duration timeout) throws InterruptedException, TimeoutException {
    requireStarted();
    idleMonitor.waitForIdle(timeout);
  }

  @Override
  public void waitForBusyState(Duration timeout) throws InterruptedException, TimeoutException {
    requireStarted();
    idleMonitor.waitForBusy(timeout);
  }

  /** What the log holds now: processed records beyond the retention are already dropped. */
  public LogFootprint logFootprint() {
    return new LogFootprint(
        logStorage.appendedRecords(), logStorage.retainedRecords(), logStorage.retainedBytes());
  }

  /** The log's flow control, whose bookkeeping of appended batches must shrink as they are processed. */
  FlowControl flowControl() {
    return logStream.getFlowControl();
  }

  /** The state store in use (see the class comment); after a stop, the closed one. */
  ZeebeDb<ZbColumnFamilies> stateStore() {
    return stateStore;
  }

  /** Directory of the running engine's RocksDB state, deleted on stop; null with the state in the heap. */
  public Path stateDirectory() {
    requireStarted();
    return stateDirectory;
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("The embedded engine is not started");
    }
  }

  /**
   * @param appendedRecords records written since start
   * @param retainedRecords records the log still holds (unprocessed ones plus the retention)
   * @param retainedBytes bytes the log still holds
   */
  public record LogFootprint(long appendedRecords, long retainedRecords, long retainedBytes) {}
}
