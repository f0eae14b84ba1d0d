package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker); this keeps it in step with the application: the
 * OpenLines service sets every variable the {@code external} profile reads, and starts only after
 * the engine and the store are healthy.
 */
class DockerComposeTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::[^}]*)?}");

  @Test
  void openLinesGetsEveryVariableTheExternalProfileReads() throws IOException {
    Map<String, Object> openlines = service("openlines");
    Map<String, String> environment =
        ((List<?>) openlines.get("environment"))
            .stream()
                .map(Object::toString)
                .map(entry -> entry.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));

    assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "external");
    // Any ${VARIABLE} the profile reads must be set by compose (today it reads only standard names).
    String[] placeholders = placeholdersOf(Path.of("src/main/resources/application-external.yml"));
    if (placeholders.length > 0) {
      assertThat(environment).containsKeys(placeholders);
    }
    // Spring Boot's standard names, which users already know, override the external profile's defaults.
    assertThat(environment.get("SPRING_DATA_MONGODB_URI")).contains("replicaSet=rs0");
    assertThat(environment.get("CAMUNDA_CLIENT_GRPC_ADDRESS")).startsWith("http://orchestration:");
    assertThat(environment.get("CAMUNDA_CLIENT_REST_ADDRESS")).startsWith("http://orchestration:");
  }

  @Test
  void theOrchestrationClusterTakesTheCamundaLicenseKeyForProduction() {
    assertThat((List<?>) service("orchestration").get("environment"))
        .map(Object::toString)
        .anyMatch(entry -> entry.startsWith("CAMUNDA_LICENSE_KEY="));
  }

  @Test
  void openLinesStartsOnlyWhenTheEngineAndTheStoreAreHealthy() {
    Map<String, Object> dependsOn = map(service("openlines").get("depends_on"));

    assertThat(dependsOn).containsOnlyKeys("orchestration", "mongodb");
    dependsOn.values().forEach(condition -> assertThat(map(condition)).containsEntry("condition", "service_healthy"));
    List.of("orchestration", "elasticsearch", "mongodb", "openlines")
        .forEach(name -> assertThat(service(name)).as(name).containsKey("healthcheck"));
  }

  private static String[] placeholdersOf(Path file) throws IOException {
    Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
    return matcher.results().map(result -> result.group(1)).distinct().toArray(String[]::new);
  }

  private static Map<String, Object> service(String name) {
    try {
      Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
      return map(map(compose.get("services")).get(name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
