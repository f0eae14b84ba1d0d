package dev.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an operator starts it: a model the engine rejects must end the process with a
 * failure exit code and the engine's message, not leave a half-started process running.
 */
class StartUpFailureTest {

  @Test
  void aRejectedModelEndsTheProcessWithTheEnginesMessage(@TempDir Path workDir) throws Exception {
    Path output = workDir.resolve("output.log");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process service =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    OpenLinesApplication.class.getName(),
                    "--openlines.models.locations=classpath*:broken-models/*.bpmn",
                    "--openlines.embedded.store.path=",
                    "--server.port=0"))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    boolean ended = service.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      service.destroyForcibly();
    }

    assertThat(ended).as("the process ended by itself").isTrue();
    assertThat(service.exitValue()).isEqualTo(1);
    assertThat(read(output))
        .contains("The engine rejected the models [broken.bpmn]")
        .contains("Must have exactly one 'zeebe:taskDefinition' extension element");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
