package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The embedded runtime stays behind its package, so that {@code ./mvnw -Pexternal package} (which
 * leaves {@code dev/openlines/workflow/embedded/**} and the engine's libraries out) still compiles a
 * working application, and no OpenLines class sits in a third-party package.
 */
class EmbeddedRuntimeBoundaryTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final String EMBEDDED = "dev/openlines/workflow/embedded/";
  /** What only the embedded runtime may import: its own package and the libraries -Pexternal leaves out. */
  private static final Pattern EMBEDDED_ONLY_IMPORT =
      Pattern.compile(
          "^import (static )?(dev\\.openlines\\.workflow\\.embedded|de\\.bwaldvogel|io\\.camunda\\.zeebe\\.(engine|stream|logstreams|db|scheduler|process\\.test)|io\\.camunda\\.(search|security))\\.",
          Pattern.MULTILINE);

  @Test
  void noClassOutsideTheEmbeddedPackageImportsTheEmbeddedRuntime() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<String> offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !MAIN.relativize(file).toString().replace('\\', '/').startsWith(EMBEDDED))
              .filter(file -> EMBEDDED_ONLY_IMPORT.matcher(read(file)).find())
              .map(file -> MAIN.relativize(file).toString())
              .toList();
      assertThat(offenders).as("classes -Pexternal could not compile").isEmpty();
    }
  }

  @Test
  void everyMainClassLivesInOpenLinesOwnPackages() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      assertThat(files.filter(Files::isRegularFile).map(file -> MAIN.relativize(file).toString().replace('\\', '/')))
          .allMatch(path -> path.startsWith("dev/openlines/"));
    }
  }

  @Test
  void theProductionImageIsBuiltWithoutTheEmbeddedRuntime() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    Map<?, ?> build = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) compose.get("services")).get("openlines")).get("build");

    assertThat(build.get("args")).isEqualTo(Map.of("MAVEN_PROFILES", "external"));
    assertThat(Files.readString(Path.of("pom.xml")))
        .contains("<embedded.sources.exclude>dev/openlines/workflow/embedded/**</embedded.sources.exclude>");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
