package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The {@code external} profile logs one ECS JSON document per line, with the conversation id as a
 * field. Checked with the encoder Spring Boot installs for {@code logging.structured.format.console},
 * fed by the profile's own configuration file.
 */
class StructuredLoggingTest {

  @Test
  void externalProfileLogsEcsJsonWithTheConversationId() throws Exception {
    StandardEnvironment environment = new StandardEnvironment();
    new YamlPropertySourceLoader()
        .load("external", new ClassPathResource("application-external.yml"))
        .forEach(environment.getPropertySources()::addFirst);
    String format = environment.getProperty("logging.structured.format.console");

    LoggerContext logging = new LoggerContext();
    logging.putObject(Environment.class.getName(), environment);
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(logging);
    encoder.setFormat(format);
    encoder.start();

    LoggingEvent event =
        new LoggingEvent(
            getClass().getName(),
            logging.getLogger("dev.openlines.routing.OfferWorker"),
            Level.INFO,
            "Offered to {}",
            null,
            new Object[] {"operator-7"});
    event.setMDCPropertyMap(Map.of(TracedDurableJobHandler.MDC_KEY, "conversation-42"));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    JsonNode json = new ObjectMapper().readTree(line);

    assertThat(format).isEqualTo("ecs");
    assertThat(line).endsWith("\n").doesNotContain("\n{");
    assertThat(json.path("message").asText()).isEqualTo("Offered to operator-7");
    assertThat(json.path("log").path("level").asText()).isEqualTo("INFO");
    assertThat(json.path("ecs").path("version").asText()).isNotBlank();
    assertThat(json.path(TracedDurableJobHandler.MDC_KEY).asText()).isEqualTo("conversation-42");
  }
}
