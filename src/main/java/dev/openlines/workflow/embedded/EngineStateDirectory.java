package dev.openlines.workflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded engine's RocksDB state lives while the engine runs.
 *
 * <p>The state is useless after the engine stops: the log it was built from is in memory only, and
 * without the log a Zeebe state cannot be recovered or continued. So every engine gets a fresh
 * directory ({@code engine-<pid>-<random>}) that is deleted on stop, and directories left behind by
 * processes that no longer run (a killed JVM) are wiped at start. Directories of live processes
 * are left alone, so two engines in one JVM (two Spring test contexts) or two applications sharing
 * the setting do not destroy each other's state.
 */
final class EngineStateDirectory {

  private static final Logger log = LoggerFactory.getLogger(EngineStateDirectory.class);
  private static final String PREFIX = "engine-";

  private EngineStateDirectory() {}

  static Path create(Path root) {
    try {
      Files.createDirectories(root);
      wipeAbandoned(root);
      return Files.createTempDirectory(root, PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the engine state directory under " + root, e);
    }
  }

  static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(EngineStateDirectory::deleteFile);
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete the engine state directory {}", directory, e);
    }
  }

  private static void wipeAbandoned(Path root) throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      children.filter(EngineStateDirectory::isAbandoned).forEach(EngineStateDirectory::delete);
    }
  }

  private static boolean isAbandoned(Path directory) {
    String name = directory.getFileName().toString();
    if (!name.startsWith(PREFIX) || !Files.isDirectory(directory)) {
      return false;
    }
    String[] parts = name.split("-");
    if (parts.length < 3) {
      return false;
    }
    try {
      long pid = Long.parseLong(parts[1]);
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
