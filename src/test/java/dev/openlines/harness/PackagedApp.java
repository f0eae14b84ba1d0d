package dev.openlines.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged application ({@code target/openlines-*.jar}) running as a child JVM on a data directory
 * of its own, as an operator would run it: {@code java -jar}. Used by the fault suite (which kills it
 * with SIGKILL and starts it again on the same data) and by the HTTP benchmarks (which read its CPU time
 * and resident memory from {@code /proc}).
 *
 * <p>The child runs on the same Java as the calling JVM (the build's JDK 21+ toolchain) unless
 * {@code openlines.java} names another {@code java} executable.
 */
public final class PackagedApp implements AutoCloseable {

  /** An ADMIN key the child accepts from its first start (the app uses it while no other ADMIN key exists). */
  public static final String ADMIN_KEY = "olk_harnessadmin_" + "x".repeat(32);

  /**
   * How long one start may take: on the project's 2-core machine shared by eight builds (load average 30) a start
   * took more than 4 minutes. {@code fault.startMinutes} overrides it.
   */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(Integer.getInteger("fault.startMinutes", 10));

  private final Path jar;
  private final Path dataDir;
  private final int port;
  private final List<String> jvmOptions;
  private final List<String> appArguments;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process process;
  private int starts;

  private PackagedApp(Path jar, Path dataDir, int port, List<String> jvmOptions, List<String> appArguments) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.port = port;
    this.jvmOptions = jvmOptions;
    this.appArguments = appArguments;
  }

  /**
   * @param jvmOptions e.g. {@code -Xmx1g}
   * @param appArguments extra {@code --name=value} Spring Boot arguments
   */
  public static PackagedApp on(Path dataDir, int port, List<String> jvmOptions, List<String> appArguments) {
    return new PackagedApp(locateJar(), dataDir, port, List.copyOf(jvmOptions), List.copyOf(appArguments));
  }

  /** The jar named by {@code openlines.jar}, else the one {@code mvn package} left in {@code target/}. */
  public static Path locateJar() {
    String configured = System.getProperty("openlines.jar");
    if (configured != null && !configured.isBlank()) {
      return requireFile(Path.of(configured));
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("openlines-.*\\.jar") && !p.toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No packaged jar in target/: run `mvn -B -o package -DskipTests` first"));
    } catch (IOException e) {
      throw new IllegalStateException("No target/ directory: run `mvn -B -o package -DskipTests` first", e);
    }
  }

  private static Path requireFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("openlines.jar=" + path + " is not a file: run `mvn -B -o package -DskipTests` first");
    }
    return path;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code java} executable for the child: {@code openlines.java}, else this JVM's own. */
  public static String javaExecutable() {
    String configured = System.getProperty("openlines.java");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return dataDir.resolve("app-" + starts + ".log");
  }

  /**
   * Starts the child on the data directory and waits until its health is UP, or {@code timeout} passes. A child
   * that exits during start-up is started again, at most {@value #START_ATTEMPTS} times in all, as a service
   * manager ({@code Restart=on-failure}) would: on a machine at load average 40 the engine's first model
   * deployment can time out and end the start. Each such exit is printed with its log.
   */
  public Duration start(Duration timeout) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    Instant begin = Instant.now();
    Instant deadline = begin.plus(timeout);
    for (int attempt = 1; ; attempt++) {
      launch();
      while (process.isAlive() && Instant.now().isBefore(deadline)) {
        if (healthUp()) {
          return Duration.between(begin, Instant.now());
        }
        waitQuietly(Duration.ofMillis(250));
      }
      if (process.isAlive()) {
        throw new IllegalStateException("The application was not UP within " + timeout + ":\n" + logTail());
      }
      String exit = "The application exited with " + process.exitValue() + " during start-up (attempt " + attempt + "):\n"
          + logTail();
      if (attempt == START_ATTEMPTS || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(exit);
      }
      System.out.println(exit + "\n-> starting it again");
    }
  }

  private static final int START_ATTEMPTS = 3;

  private void launch() {
    starts++;
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
        "--server.port=" + port,
        "--server.address=127.0.0.1",
        "--openlines.embedded.store.path=" + dataDir.resolve("store.mv.db").toAbsolutePath(),
        "--openlines.embedded.engine.state-dir=" + dataDir.resolve("engine").toAbsolutePath()));
    command.addAll(appArguments);
    try {
      Files.createDirectories(dataDir);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile().toFile());
      builder.environment().put("OPENLINES_INITIAL_ADMIN_KEY", ADMIN_KEY);
      builder.environment().remove("PORT");
      // As the Docker image runs it (see the Dockerfile): memory figures of the benches are those of what ships.
      builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean healthUp() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polling pause between readiness checks of a process we do not control (not a test's wait for a condition). */
  private void waitQuietly(Duration pause) {
    try {
      process.waitFor(pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, as a power cut or the OOM killer would stop it. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM: Spring's graceful shutdown. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitExit() {
    try {
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** User + system CPU time of the child so far, from {@code /proc/<pid>/stat} (Linux). */
  public double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
      return ticks / 100.0; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Peak resident set of the child so far (VmHWM), in MB. */
  public long peakRssMb() {
    return procStatusKb("VmHWM:") / 1024;
  }

  public long rssMb() {
    return procStatusKb("VmRSS:") / 1024;
  }

  private long procStatusKb(String field) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
          .filter(line -> line.startsWith(field))
          .map(line -> line.replaceAll("[^0-9]", ""))
          .mapToLong(Long::parseLong)
          .findFirst()
          .orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Size of the store file, in bytes. */
  public long storeBytes() {
    try {
      Path store = dataDir.resolve("store.mv.db");
      return Files.exists(store) ? Files.size(store) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stop();
  }
}
