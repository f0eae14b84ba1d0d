package dev.openlines.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** Reads a process instance's variables from the embedded engine's record stream (latest value wins). */
public final class ProcessVariables {

  private static final ObjectMapper json = new ObjectMapper();

  private ProcessVariables() {}

  /** The variable's latest value as Java object (String, Boolean, Number, Map, List), empty when never set. */
  public static Optional<Object> variable(ZeebeTestEngine engine, long processInstanceKey, String name) {
    return StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).variableRecords().spliterator(), false)
        .map(Record::getValue)
        .filter(value -> value.getProcessInstanceKey() == processInstanceKey && value.getName().equals(name))
        .reduce((first, second) -> second)
        .map(VariableRecordValue::getValue)
        .map(ProcessVariables::parse);
  }

  private static Object parse(String value) {
    try {
      return json.readValue(value, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Variable value is not JSON: " + value, e);
    }
  }
}
