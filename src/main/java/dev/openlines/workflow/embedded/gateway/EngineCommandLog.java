package dev.openlines.workflow.embedded.gateway;

import io.camunda.zeebe.logstreams.log.LogAppendEntry;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.logstreams.log.WriteContext;
import io.camunda.zeebe.protocol.impl.encoding.AuthInfo;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.stream.api.InterPartitionCommandSender;

/**
 * Where every command of the embedded engine enters its log: gateway requests, yielded jobs and the
 * commands the engine sends itself (with one partition, "another partition" is this log again).
 *
 * <p>The log writer is not safe for concurrent use, and gRPC calls arrive on many threads, so
 * writes are serialized here.
 */
public final class EngineCommandLog implements InterPartitionCommandSender {

  private final LogStreamWriter writer;

  public EngineCommandLog(LogStreamWriter writer) {
    this.writer = writer;
  }

  /** A command about an existing entity (a job, a process instance): the key names it. */
  boolean write(long key, RecordMetadata metadata, UnifiedRecordValue value) {
    return append(LogAppendEntry.of(key, metadata, value));
  }

  /** A command that creates something: the engine assigns the key. */
  boolean write(RecordMetadata metadata, UnifiedRecordValue value) {
    return append(LogAppendEntry.of(metadata, value));
  }

  private boolean append(LogAppendEntry entry) {
    synchronized (writer) {
      return writer.tryWrite(WriteContext.internal(), entry).isRight();
    }
  }

  @Override
  public void sendCommand(int receiverPartitionId, ValueType valueType, Intent intent, UnifiedRecordValue command) {
    write(commandMetadata(valueType, intent), command);
  }

  @Override
  public void sendCommand(
      int receiverPartitionId, ValueType valueType, Intent intent, Long recordKey, UnifiedRecordValue command) {
    sendCommand(receiverPartitionId, valueType, intent, recordKey, command, null);
  }

  @Override
  public void sendCommand(
      int receiverPartitionId,
      ValueType valueType,
      Intent intent,
      Long recordKey,
      UnifiedRecordValue command,
      AuthInfo authInfo) {
    RecordMetadata metadata = commandMetadata(valueType, intent);
    if (authInfo != null) {
      metadata.authorization(authInfo);
    }
    if (recordKey == null) {
      write(metadata, command);
    } else {
      write(recordKey, metadata, command);
    }
  }

  static RecordMetadata commandMetadata(ValueType valueType, Intent intent) {
    return new RecordMetadata().recordType(RecordType.COMMAND).valueType(valueType).intent(intent);
  }
}
