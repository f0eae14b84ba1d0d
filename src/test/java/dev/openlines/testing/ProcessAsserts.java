package dev.openlines.testing;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.process.test.filters.RecordStream;

/**
 * zeebe-process-test assertions over the embedded engine's record stream, for instances created
 * with {@code CamundaClient}. Takes the stream explicitly, so it works from any thread (Awaitility).
 */
public final class ProcessAsserts {

  private ProcessAsserts() {}

  public static ProcessInstanceAssert assertThatProcess(ZeebeTestEngine engine, long processInstanceKey) {
    return new ProcessInstanceAssert(processInstanceKey, RecordStream.of(engine.getRecordStreamSource()));
  }
}
