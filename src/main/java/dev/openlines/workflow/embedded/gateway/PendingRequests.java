package dev.openlines.workflow.embedded.gateway;

import com.google.protobuf.GeneratedMessage;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;

/**
 * Gateway calls waiting for the engine to process the command they became. A command carries the
 * request id in its metadata; the engine's response names it again, and the call is answered then.
 * Each call brings its own mapping from the engine's response to the gRPC response.
 */
final class PendingRequests {

  /** Builds a call's gRPC response from the engine's response record. */
  @FunctionalInterface
  interface ResponseMapper {
    GeneratedMessage map(long key, Intent intent, DirectBuffer value);
  }

  record Pending(StreamObserver<GeneratedMessage> observer, ResponseMapper mapper) {}

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  @SuppressWarnings("unchecked")
  <T extends GeneratedMessage> long register(StreamObserver<T> observer, ResponseMapper mapper) {
    long id = ids.incrementAndGet();
    pending.put(id, new Pending((StreamObserver<GeneratedMessage>) observer, mapper));
    return id;
  }

  /** The call waiting for this request id, or null when nobody waits (any more). */
  Pending remove(long requestId) {
    return pending.remove(requestId);
  }

  int size() {
    return pending.size();
  }
}
