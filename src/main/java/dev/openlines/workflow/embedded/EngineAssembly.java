package dev.openlines.workflow.embedded;

import dev.openlines.workflow.embedded.gateway.LoopbackGateway;
import dev.openlines.workflow.embedded.state.HeapStateStore;
import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory.SharedRocksDbResources;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;

/**
 * How {@link EmbeddedZeebeEngine}'s two heavy parts are configured: the state store (in the heap, or
 * RocksDB) and the stream processor running Zeebe's own engine processors. The engine owns their life cycle.
 */
final class EngineAssembly {

  private EngineAssembly() {}

  /** The engine's state store and, for RocksDB, its directory (null in the heap). */
  record OpenedState(ZeebeDb<ZbColumnFamilies> store, Path directory) {}

  /** Opens the configured state store; what must be closed on stop is pushed onto {@code opened}. */
  static OpenedState openStateStore(
      EmbeddedRuntimeProperties properties, int partitionId, int partitionCount, Deque<AutoCloseable> opened) {
    if (properties.engineStateStore() == EmbeddedRuntimeProperties.EngineStateStore.HEAP) {
      HeapStateStore store = new HeapStateStore();
      opened.push(store);
      return new OpenedState(store, null);
    }
    Path directory = EngineStateDirectory.create(properties.engineStateDir());
    opened.push(() -> EngineStateDirectory.delete(directory));
    SharedRocksDbResources memory = SharedRocksDbResources.allocate(properties.engineStateMemory().toBytes());
    opened.push(memory);
    ZeebeDb<ZbColumnFamilies> store =
        stateStoreFactory(properties.engineStateMemory().toBytes(), memory, partitionId, partitionCount)
            .createDb(directory.toFile());
    opened.push(store);
    return new OpenedState(store, directory);
  }

  private static ZeebeRocksDbFactory<ZbColumnFamilies> stateStoreFactory(
      long memoryBytes, SharedRocksDbResources memory, int partitionId, int partitionCount) {
    RocksDbConfiguration configuration =
        new RocksDbConfiguration()
            .setMemoryLimit(memoryBytes)
            .setMemoryAllocationStrategy(RocksDbConfiguration.MemoryAllocationStrategy.PARTITION)
            .setMaxWriteBufferNumber(3)
            .setMinWriteBufferNumberToMerge(1)
            // The state is rebuilt from nothing at every start, so a write-ahead log buys nothing.
            .setWalDisabled(true);
    return new ZeebeRocksDbFactory<>(
        configuration,
        new ConsistencyChecksSettings(false, false),
        new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, partitionId),
        SimpleMeterRegistry::new,
        memory,
        partitionCount);
  }

  static StreamProcessor streamProcessor(
      LogStream logStream,
      ActorScheduler scheduler,
      ZeebeDb<ZbColumnFamilies> stateStore,
      LoopbackGateway gateway,
      ControlledActorClock clock,
      int partitionCount) {
    SecurityConfiguration security = new SecurityConfiguration();
    // Reachable on loopback only, by the application itself; identities live in the application.
    security.getAuthorizations().setEnabled(false);
    return StreamProcessor.builder()
        .logStream(logStream)
        .zeebeDb(stateStore)
        .commandResponseWriter(gateway.responseWriter())
        .partitionCommandSender(gateway.commandSender())
        .recordProcessors(
            List.of(
                new Engine(
                    context ->
                        EngineProcessors.createEngineProcessors(
                            context,
                            partitionCount,
                            new SubscriptionCommandSender(
                                context.getPartitionId(), gateway.commandSender()),
                            gateway.commandSender(),
                            FeatureFlags.createDefault(),
                            gateway.jobStreamer(),
                            SearchClientsProxy.noop(),
                            new BrokerRequestAuthorizationConverter(security)),
                    new EngineConfiguration(),
                    security)))
        .actorSchedulingService(scheduler)
        // The broker tells the log's flow control what is processed; without it, flow control keeps one
        // entry per appended batch for good: ~15 per conversation, a heap that grows for as long as the
        // service runs, with a bigger live set for every collection to trace.
        .listener(processed -> logStream.getFlowControl().onProcessed(processed.getPosition()))
        .clock(new ControllableStreamClockImpl(clock))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }
}
