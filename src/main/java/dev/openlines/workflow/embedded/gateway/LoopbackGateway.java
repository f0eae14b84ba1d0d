package dev.openlines.workflow.embedded.gateway;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.stream.api.InterPartitionCommandSender;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
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
 * interface only, behind the per-start access check, translating calls into commands on the
 * engine's log and answering them from the stream processor's responses.
 *
 * <p>The same service is served in process under a name ({@link #start}'s {@code inProcessName}): the
 * application's own client takes that path, which skips the socket, HTTP/2 framing and protobuf
 * encoding of every call and every pushed job. The loopback port stays for any other client.
 *
 * <p>This is the whole surface the engine assembly ({@code EmbeddedZeebeEngine}) needs: the writer
 * the stream processor answers through, the sender it sends follow-up commands through, and the job
 * streamer it pushes jobs through. Nothing here depends on zeebe-process-test; the pieces are
 * OpenLines' own, built on the engine's public stream and protocol types.
 */
public final class LoopbackGateway implements AutoCloseable {

  private static final int PARTITION_ID = 1;

  private final Server server;
  private final Server inProcessServer;
  private final EngineCommandLog commandLog;
  private final JobPushStreams jobStreams;
  private final EngineResponseWriter responseWriter;
  private final PendingRequests pending;

  private LoopbackGateway(
      Server server,
      Server inProcessServer,
      EngineCommandLog commandLog,
      JobPushStreams jobStreams,
      EngineResponseWriter responseWriter,
      PendingRequests pending) {
    this.server = server;
    this.inProcessServer = inProcessServer;
    this.commandLog = commandLog;
    this.jobStreams = jobStreams;
    this.responseWriter = responseWriter;
    this.pending = pending;
  }

  /**
   * Binds the gRPC server to the loopback address and starts serving.
   *
   * @param logWriter writer of the engine's log, where calls become commands
   * @param port loopback port; 0 picks a free one (see {@link #port()})
   * @param inProcessName the name the same service is served under in process
   * @param access checks every call before it reaches the gateway (the per-start access token)
   * @param calls counts the calls each way takes
   */
  public static LoopbackGateway start(
      LogStreamWriter logWriter, int port, String inProcessName, ServerInterceptor access, GatewayCalls calls) {
    EngineCommandLog commandLog = new EngineCommandLog(logWriter);
    PendingRequests pending = new PendingRequests();
    JobPushStreams jobStreams = new JobPushStreams(commandLog);
    // The service is added after binding, so the topology it reports carries the real port even
    // when the port was picked by the operating system.
    MutableHandlerRegistry services = new MutableHandlerRegistry();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .fallbackHandlerRegistry(services)
            .intercept(calls.countingNetwork())
            .build();
    Server inProcessServer =
        InProcessServerBuilder.forName(inProcessName)
            .fallbackHandlerRegistry(services)
            .intercept(calls.countingInProcess())
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the embedded engine to loopback port " + port, e);
    }
    try {
      inProcessServer.start();
    } catch (IOException | RuntimeException e) {
      server.shutdownNow();
      throw new IllegalStateException("Cannot serve the embedded engine in process as " + inProcessName, e);
    }
    EngineGatewayService gateway =
        new EngineGatewayService(commandLog, pending, jobStreams, PARTITION_ID, server.getPort());
    services.addService(ServerInterceptors.intercept(gateway, access));
    return new LoopbackGateway(
        server, inProcessServer, commandLog, jobStreams, new EngineResponseWriter(pending), pending);
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
    return commandLog;
  }

  public JobStreamer jobStreamer() {
    return jobStreams;
  }

  /** Calls waiting for the engine's answer (for diagnostics). */
  public int pendingCalls() {
    return pending.size();
  }

  @Override
  public void close() {
    inProcessServer.shutdownNow();
    server.shutdownNow();
    try {
      inProcessServer.awaitTermination(10, TimeUnit.SECONDS);
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
