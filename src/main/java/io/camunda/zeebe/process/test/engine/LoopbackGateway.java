package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.stream.api.InterPartitionCommandSender;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.util.MutableHandlerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC side of OpenLines' embedded engine: the Zeebe gateway API served on the loopback
 * interface only, translating requests into commands on the engine's log and answering them from
 * the stream processor's responses.
 *
 * <p>Why this class lives in a Zeebe package: zeebe-process-test-engine's request translation
 * ({@code GrpcToLogStreamGateway}, {@code CommandWriter}, {@code CommandSender}, {@code
 * GatewayRequestStore}, {@code InMemoryJobStreamer}, {@code GrpcResponseMapper}) is sound but
 * package-private, and its factory wires it to an all-interfaces port with no authentication, an
 * unbounded log and a response writer that shares state between engines. Re-implementing ~1,000
 * lines of request mapping would add risk for nothing, so this small assembly sits in the same
 * package, reuses exactly those classes, and replaces the broken parts with OpenLines' own ({@link
 * InstanceScopedResponseWriter}, the bounded log storage and idle monitor in {@code
 * dev.openlines.workflow.embedded}). Nothing else of OpenLines belongs in this package.
 */
public final class LoopbackGateway implements AutoCloseable {

  private static final int PARTITION_ID = 1;
  private static final int PARTITION_COUNT = 1;

  private final Server server;
  private final CommandSender commandSender;
  private final InMemoryJobStreamer jobStreamer;
  private final InstanceScopedResponseWriter responseWriter;

  private LoopbackGateway(
      Server server,
      CommandSender commandSender,
      InMemoryJobStreamer jobStreamer,
      InstanceScopedResponseWriter responseWriter) {
    this.server = server;
    this.commandSender = commandSender;
    this.jobStreamer = jobStreamer;
    this.responseWriter = responseWriter;
  }

  /**
   * Binds the gRPC server to the loopback address and starts serving.
   *
   * @param logWriter writer of the engine's log, where requests become commands
   * @param port loopback port; 0 picks a free one (see {@link #port()})
   * @param access checks every call before it reaches the gateway (the per-start access token)
   */
  public static LoopbackGateway start(LogStreamWriter logWriter, int port, ServerInterceptor access) {
    CommandWriter commandWriter = new CommandWriter(logWriter);
    GatewayRequestStore requests = new GatewayRequestStore();
    InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(commandWriter);
    // The service is added after binding, so the topology it reports carries the real port even
    // when the port was picked by the operating system.
    MutableHandlerRegistry services = new MutableHandlerRegistry();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .fallbackHandlerRegistry(services)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the embedded engine to loopback port " + port, e);
    }
    GrpcToLogStreamGateway gateway =
        new GrpcToLogStreamGateway(
            commandWriter, PARTITION_ID, PARTITION_COUNT, server.getPort(), requests, jobStreamer);
    services.addService(ServerInterceptors.intercept(gateway, access));
    return new LoopbackGateway(
        server,
        new CommandSender(commandWriter),
        jobStreamer,
        new InstanceScopedResponseWriter(requests));
  }

  public int port() {
    return server.getPort();
  }

  /** The addresses the server listens on (for checks that nothing is exposed beyond loopback). */
  public List<? extends SocketAddress> listenAddresses() {
    return server.getListenSockets();
  }

  public CommandResponseWriter responseWriter() {
    return responseWriter;
  }

  public InterPartitionCommandSender commandSender() {
    return commandSender;
  }

  public JobStreamer jobStreamer() {
    return jobStreamer;
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
