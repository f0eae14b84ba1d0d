package dev.openlines.workflow.embedded.gateway;

import com.google.protobuf.GeneratedMessage;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Writes a gateway call's command to the engine's log and registers its caller, who is answered when the
 * engine has processed it ({@link PendingRequests}); a command the log refuses is answered at once.
 */
final class CommandSubmission {

  private final EngineCommandLog commands;
  private final PendingRequests pending;
  private final int partitionId;

  CommandSubmission(EngineCommandLog commands, PendingRequests pending, int partitionId) {
    this.commands = commands;
    this.pending = pending;
    this.partitionId = partitionId;
  }

  /** A command that creates something (the engine assigns its key), answered by {@code mapper}. */
  <T extends GeneratedMessage> void submit(
      ValueType valueType,
      Intent intent,
      UnifiedRecordValue command,
      StreamObserver<T> response,
      PendingRequests.ResponseMapper mapper) {
    long requestId = pending.register(response, mapper);
    if (!commands.write(metadata(requestId, valueType, intent), command)) {
      refuse(requestId, response);
    }
  }

  /** A command about the entity {@code key} names, answered by {@code mapper}. */
  <T extends GeneratedMessage> void submit(
      long key,
      ValueType valueType,
      Intent intent,
      UnifiedRecordValue command,
      StreamObserver<T> response,
      PendingRequests.ResponseMapper mapper) {
    long requestId = pending.register(response, mapper);
    if (!commands.write(key, metadata(requestId, valueType, intent), command)) {
      refuse(requestId, response);
    }
  }

  private RecordMetadata metadata(long requestId, ValueType valueType, Intent intent) {
    return EngineCommandLog.commandMetadata(valueType, intent).requestId(requestId).requestStreamId(partitionId);
  }

  /** The log did not take the command (full, or closing): the caller retries, as with a busy broker. */
  private void refuse(long requestId, StreamObserver<?> response) {
    if (pending.remove(requestId) != null) {
      response.onError(
          Status.RESOURCE_EXHAUSTED.withDescription("The embedded engine's log did not accept the command").asRuntimeException());
    }
  }
}
