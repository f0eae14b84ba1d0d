package dev.openlines.workflow.embedded;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.protocol.impl.record.CopiedRecord;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The engine's records for inspection ({@code ProcessAsserts}, zeebe-process-test filters): only
 * what the bounded log still holds, at most the configured retention.
 *
 * <p>Records are decoded lazily, when someone asks: in production nobody does, so nothing is
 * decoded or copied. Decoded records are kept between calls (assertions poll repeatedly) and
 * trimmed to the log's retention, so this view never grows beyond it either.
 */
final class RetainedRecordStream implements RecordStreamSource {

  private final LogStreamReader reader;
  private final BoundedLogStorage storage;
  private final int partitionId;
  private final ArrayDeque<Record<?>> records = new ArrayDeque<>();
  private long lastReadPosition = -1;

  RetainedRecordStream(LogStreamReader reader, BoundedLogStorage storage, int partitionId) {
    this.reader = reader;
    this.storage = storage;
    this.partitionId = partitionId;
  }

  @Override
  public synchronized Iterable<Record<?>> getRecords() {
    // A position already pruned is fine: the reader continues at the oldest record still kept.
    if (lastReadPosition < 0) {
      reader.seekToFirstEvent();
    } else {
      reader.seekToNextEvent(lastReadPosition);
    }
    while (reader.hasNext()) {
      LoggedEvent event = reader.next();
      if (event.getPosition() <= lastReadPosition) {
        continue;
      }
      records.addLast(decode(event));
      lastReadPosition = event.getPosition();
    }
    trim();
    return List.copyOf(records);
  }

  private void trim() {
    long oldestKept = storage.oldestRetainedPosition();
    long limit = Math.max(storage.recordsToRetain(), 0);
    while (!records.isEmpty()
        && (records.size() > limit || records.peekFirst().getPosition() < oldestKept)) {
      records.removeFirst();
    }
  }

  private Record<?> decode(LoggedEvent event) {
    RecordMetadata metadata = new RecordMetadata();
    event.readMetadata(metadata);
    UnifiedRecordValue value = UnifiedRecordValue.fromValueType(metadata.getValueType());
    event.readValue(value);
    return new CopiedRecord<>(
        value,
        metadata,
        event.getKey(),
        partitionId,
        event.getPosition(),
        event.getSourceEventPosition(),
        event.getTimestamp());
  }
}
