package io.camunda.zeebe.process.test.engine;

import com.google.protobuf.GeneratedMessage;
import io.camunda.zeebe.process.test.engine.GatewayRequestStore.Request;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.camunda.zeebe.util.buffer.BufferWriter;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers gateway requests with the stream processor's response to the command they became.
 *
 * <p>Replaces zeebe-process-test's response writer, which keeps the response's key, intent and
 * value view in static fields: with two engines in one JVM (two Spring test contexts) one engine's
 * response could carry the other's key. Everything here belongs to one engine; the stream
 * processor calls it from its single actor thread, so the builder-style fields need no locking.
 * It lives in this package only because the request store and response mapper are package-private
 * (see {@link LoopbackGateway}).
 */
final class InstanceScopedResponseWriter implements CommandResponseWriter {

  private static final Logger log = LoggerFactory.getLogger(InstanceScopedResponseWriter.class);

  private final GatewayRequestStore requests;
  private final GrpcResponseMapper mapper = new GrpcResponseMapper();
  private final MutableDirectBuffer value = new ExpandableArrayBuffer();
  private final DirectBuffer valueView = new UnsafeBuffer();
  private long key = -1;
  private Intent intent = Intent.UNKNOWN;
  private RejectionType rejectionType = RejectionType.NULL_VAL;
  private String rejectionReason = "";

  InstanceScopedResponseWriter(GatewayRequestStore requests) {
    this.requests = requests;
  }

  @Override
  public CommandResponseWriter partitionId(int partitionId) {
    return this;
  }

  @Override
  public CommandResponseWriter key(long key) {
    this.key = key;
    return this;
  }

  @Override
  public CommandResponseWriter intent(Intent intent) {
    this.intent = intent;
    return this;
  }

  @Override
  public CommandResponseWriter recordType(RecordType type) {
    return this;
  }

  @Override
  public CommandResponseWriter valueType(ValueType valueType) {
    return this;
  }

  @Override
  public CommandResponseWriter rejectionType(RejectionType rejectionType) {
    this.rejectionType = rejectionType;
    return this;
  }

  @Override
  public CommandResponseWriter rejectionReason(DirectBuffer rejectionReason) {
    this.rejectionReason = BufferUtil.bufferAsString(rejectionReason);
    return this;
  }

  @Override
  public CommandResponseWriter valueWriter(BufferWriter writer) {
    writer.write(value, 0);
    valueView.wrap(value, 0, writer.getLength());
    return this;
  }

  @Override
  public void tryWriteResponse(int requestStreamId, long requestId) {
    try {
      Request request = requests.removeRequest(requestId);
      if (request == null) {
        // The client went away (or the command came from the engine itself): nobody to answer.
        return;
      }
      @SuppressWarnings("unchecked")
      StreamObserver<GeneratedMessage> observer =
          (StreamObserver<GeneratedMessage>) request.responseObserver();
      if (rejectionType != RejectionType.NULL_VAL) {
        observer.onError(
            StatusProto.toStatusException(
                mapper.createRejectionResponse(rejectionType, intent, rejectionReason)));
      } else {
        observer.onNext(mapper.map(request.requestType(), valueView, key, intent));
        observer.onCompleted();
      }
    } catch (StatusRuntimeException e) {
      // The client cancelled or timed out while the command waited in the log: the command took
      // effect, there is just nobody left to tell. Not an engine failure.
      log.debug("Response to request {} not delivered: {}", requestId, e.getStatus());
    } finally {
      reset();
    }
  }

  private void reset() {
    key = -1;
    intent = Intent.UNKNOWN;
    rejectionType = RejectionType.NULL_VAL;
    rejectionReason = "";
  }
}
