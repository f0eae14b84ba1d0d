package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineStateDirectoryTest {

  @TempDir Path root;

  @Test
  void wipesStateLeftByDeadProcessesButNotByLiveOnes() throws Exception {
    // PIDs are far below Integer.MAX_VALUE on Linux (pid_max <= 2^22): this process cannot exist.
    Path abandoned = Files.createDirectories(root.resolve("engine-" + Integer.MAX_VALUE + "-1"));
    Files.writeString(abandoned.resolve("000001.sst"), "stale");
    Path ours = Files.createDirectories(root.resolve("engine-" + ProcessHandle.current().pid() + "-2"));
    Path unrelated = Files.createDirectories(root.resolve("notes"));

    Path fresh = EngineStateDirectory.create(root);

    assertThat(abandoned).doesNotExist();
    assertThat(ours).exists();
    assertThat(unrelated).exists();
    assertThat(fresh).exists().isEmptyDirectory();
    assertThat(fresh.getFileName().toString()).startsWith("engine-" + ProcessHandle.current().pid() + "-");
  }

  @Test
  void deleteRemovesTheWholeTree() throws Exception {
    Path directory = EngineStateDirectory.create(root);
    Files.writeString(Files.createDirectories(directory.resolve("sub")).resolve("file"), "x");

    EngineStateDirectory.delete(directory);

    assertThat(directory).doesNotExist();
  }
}
