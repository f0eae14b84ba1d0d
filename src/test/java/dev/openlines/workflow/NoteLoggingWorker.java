package dev.openlines.workflow;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Test worker for {@link JobWorkerLoggingTest}: it declares only the variable it needs, as most
 * workers do, and logs a line. Top level (not nested in the test) so every test context scans it
 * and the contexts stay identical.
 */
@Component
public class NoteLoggingWorker {

  static final String TYPE = "test.log-note";
  private static final Logger log = LoggerFactory.getLogger(NoteLoggingWorker.class);

  @JobWorker(type = TYPE)
  public void logNote(@Variable String note) {
    log.info("Note: {}", note);
  }
}
