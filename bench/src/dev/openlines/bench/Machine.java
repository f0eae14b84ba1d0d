package dev.openlines.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What a result needs next to it: machine, date, load, JVM. */
final class Machine {

  private Machine() {}

  static String describe(List<String> appJvmOptions) {
    return String.format(
        "MACHINE date=%s nproc=%d cpu=%s mem=%s load=%s bench-java=%s app-java=%s app-jvm=%s",
        Instant.now(), Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(), loadAverage(),
        System.getProperty("java.runtime.version"), dev.openlines.harness.PackagedApp.javaExecutable(), appJvmOptions);
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    return read("/proc/loadavg").map(s -> String.join("/", List.of(s.split(" ")).subList(0, 3))).orElse("?");
  }

  private static String cpuModel() {
    return read("/proc/cpuinfo").flatMap(s -> s.lines().filter(l -> l.startsWith("model name")).findFirst())
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
  }

  private static String memTotal() {
    return read("/proc/meminfo").flatMap(s -> s.lines().filter(l -> l.startsWith("MemTotal")).findFirst())
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("?");
  }

  private static java.util.Optional<String> read(String file) {
    try {
      return java.util.Optional.of(Files.readString(Path.of(file)));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }
}
