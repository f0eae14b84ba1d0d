package dev.openlines.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.harness.OpenLinesHttp;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The production-like stack of docker-compose.yml (Camunda 8.8, Elasticsearch, MongoDB, OpenLines on its
 * external profile) comes up healthy and carries one conversation: a live-chat visitor writes, the
 * operator gets the offer and answers it, all through HTTP. Needs Docker; skipped where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeStackTest {

  private static final String ADMIN_KEY = "olk_composeadmin_" + "c".repeat(32);
  private static final Duration START = Duration.ofMinutes(15);
  private static final Duration WAIT = Duration.ofMinutes(2);

  @Container
  static final ComposeContainer stack =
      new ComposeContainer(new File("docker-compose.yml"))
          .withLocalCompose(true)
          .withBuild(true)
          .withEnv("OPENLINES_INITIAL_ADMIN_KEY", ADMIN_KEY)
          .withExposedService(
              "openlines", 8080, Wait.forHttp("/actuator/health").forStatusCode(200).withStartupTimeout(START));

  @Test
  void theStackIsHealthyAndCarriesOneConversation() throws Exception {
    String baseUrl =
        "http://" + stack.getServiceHost("openlines", 8080) + ":" + stack.getServicePort("openlines", 8080);
    OpenLinesHttp api = new OpenLinesHttp(baseUrl, Duration.ofSeconds(30));
    assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);

    api.createOperator(ADMIN_KEY, "compose-olga");
    api.createEvenlyChannel(ADMIN_KEY, "compose-line", List.of("compose-olga"), Duration.ofMinutes(2), null);
    api.createLiveChatConnector(ADMIN_KEY, "compose-line", "compose-chat");
    String olga = api.createOperatorKey(ADMIN_KEY, "compose-olga");
    api.goOnline(olga);

    String token = api.startChat("compose-chat", "Visitor").require2xx("start chat").text("token");
    String conversationId = api.sendAsVisitor(token, "compose-1", "Hello").require2xx("visitor message").text("conversationId");

    await().atMost(WAIT).until(() -> offered(api.inbox(olga), conversationId));
    api.post("/api/conversations/" + conversationId + "/answer", olga, null).require2xx("answer");
    await().atMost(WAIT).until(() -> held(api.inbox(olga), conversationId));
  }

  private static boolean offered(JsonNode inbox, String conversationId) {
    for (JsonNode offer : inbox.get("offers")) {
      if (conversationId.equals(offer.get("conversationId").asText())) {
        return true;
      }
    }
    return false;
  }

  private static boolean held(JsonNode inbox, String conversationId) {
    for (JsonNode conversation : inbox.get("conversations")) {
      if (conversationId.equals(conversation.get("conversationId").asText())) {
        return true;
      }
    }
    return false;
  }
}
