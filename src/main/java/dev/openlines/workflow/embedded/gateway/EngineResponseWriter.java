package dev.openlines.workflow.embedded.gateway;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.stream.api.CommandResponseWriter;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.camunda.zeebe.util.buffer.BufferWriter;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers gateway calls with the stream processor's response to the command they became.
 *
 * <p>Everything here belongs to one engine (zeebe-process-test's writer kept the response in static
 * fields, so with two engines in one JVM one engine's response could carry the other's key). The
 * stream processor calls it from its single actor thread, so the builder-style fields need no
 * locking.
 */
final class EngineResponseWriter implements CommandResponseWriter {

  private static final Logger log = LoggerFactory.getLogger(EngineResponseWriter.class);

  private final PendingRequests requests;
  private final MutableDirectBuffer value = new ExpandableArrayBuffer();
  private final DirectBuffer valueView = new UnsafeBuffer();
  private long key = -1;
  private Intent intent = Intent.UNKNOWN;
  private RejectionType rejectionType = RejectionType.NULL_VAL;
  private String rejectionReason = "";

  EngineResponseWriter(PendingRequests requests) {
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
      PendingRequests.Pending call = requests.remove(requestId);
      if (call == null) {
        // The client went away (or the command came from the engine itself): nobody to answer.
        return;
      }
      if (rejectionType != RejectionType.NULL_VAL) {
        call.observer().onError(StatusProto.toStatusException(rejection(rejectionType, intent, rejectionReason)));
      } else {
        call.observer().onNext(call.mapper().map(key, intent, valueView));
        call.observer().onCompleted();
      }
    } catch (StatusRuntimeException e) {
      // The client cancelled or timed out while the command waited in the log: the command took
      // effect, there is just nobody left to tell. Not an engine failure.
      log.debug("Response to request {} not delivered: {}", requestId, e.getStatus());
    } finally {
      reset();
    }
  }

  /** The gRPC status a rejected command answers with, as a Zeebe gateway would. */
  static Status rejection(RejectionType type, Intent intent, String reason) {
    int code =
        switch (type) {
          case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT_VALUE;
          case NOT_FOUND -> Code.NOT_FOUND_VALUE;
          case ALREADY_EXISTS -> Code.ALREADY_EXISTS_VALUE;
          case INVALID_STATE -> Code.FAILED_PRECONDITION_VALUE;
          case PROCESSING_ERROR -> Code.INTERNAL_VALUE;
          case UNAUTHORIZED, FORBIDDEN -> Code.PERMISSION_DENIED_VALUE;
          default -> Code.UNKNOWN_VALUE;
        };
    return Status.newBuilder()
        .setCode(code)
        .setMessage("Command '%s' rejected with code '%s': %s".formatted(intent, type, reason))
        .build();
  }

  private void reset() {
    key = -1;
    intent = Intent.UNKNOWN;
    rejectionType = RejectionType.NULL_VAL;
    rejectionReason = "";
  }
}
