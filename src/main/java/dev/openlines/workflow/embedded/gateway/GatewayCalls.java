package dev.openlines.workflow.embedded.gateway;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls the embedded engine took, by the way they came: in process (the application's own client)
 * or on the loopback port (any other client). Kept by the engine across restarts of its gateway.
 */
public final class GatewayCalls {

  private final LongAdder network = new LongAdder();
  private final LongAdder inProcess = new LongAdder();

  /** Calls taken on the loopback port. */
  public long network() {
    return network.sum();
  }

  /** Calls taken in process. */
  public long inProcess() {
    return inProcess.sum();
  }

  ServerInterceptor countingNetwork() {
    return countingInto(network);
  }

  ServerInterceptor countingInProcess() {
    return countingInto(inProcess);
  }

  private static ServerInterceptor countingInto(LongAdder calls) {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        calls.increment();
        return next.startCall(call, headers);
      }
    };
  }
}
