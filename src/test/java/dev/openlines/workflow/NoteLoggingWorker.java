package dev.openlines.workflow;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Test workers for {@link JobWorkerLoggingTest}: they declare only the variable they need, as most
 * workers do; one logs a line, one fails. Top level (not nested in the test) so every test context scans it
 * and the contexts stay identical.
 */
@Component
public class NoteLoggingWorker {

  static final String TYPE = "test.log-note";
  static final String FAILING_TYPE = "test.fail-on-note";
  private static final Logger log = LoggerFactory.getLogger(NoteLoggingWorker.class);

  @JobWorker(type = TYPE)
  public void logNote(@Variable String note) {
    log.info("Note: {}", note);
  }

  @JobWorker(type = FAILING_TYPE)
  public void failOnNote(@Variable String note) {
    throw new IllegalStateException("Cannot handle " + note);
  }
}
