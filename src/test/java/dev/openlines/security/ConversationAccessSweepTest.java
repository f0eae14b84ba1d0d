package dev.openlines.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.ApiTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every operation on one conversation, read from the published OpenAPI description, called by an operator
 * of another channel who was never offered the conversation: each answers 403 and none 2xx. An endpoint
 * added under {@code /api/conversations/{id}} is swept automatically; one that skipped the access rule
 * would answer something else (a 2xx, or a 400/409 from its own checks) and fail this test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationAccessSweepTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired RoutingService routing;
  @Autowired MongoTemplate mongo;

  record Operation(HttpMethod method, String path) {}

  @Test
  @SuppressWarnings("unchecked")
  void anUnrelatedOperatorReachesNoOperationOfAConversation() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String holder = fx.operator("holder");
    String stranger = fx.operator("stranger");
    String channel = fx.channel("sweep", DistributionMode.STRICT, 5, holder);
    fx.channel("elsewhere", DistributionMode.STRICT, 5, stranger);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false)));
    Map<String, Object> chat =
        http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ann", "email", "ann@example.org"), Map.class)
            .getBody();
    HttpHeaders visitor = new HttpHeaders();
    visitor.setContentType(MediaType.APPLICATION_JSON);
    visitor.set("X-LiveChat-Token", (String) chat.get("token"));
    assertThat(http.postForEntity("/livechat/messages", new HttpEntity<>(Map.of("clientMessageId", "c-1", "text", "Hello"), visitor),
        String.class).getStatusCode().value()).isEqualTo(202);
    String conversationId = ingestion.findAnySender(connector.id(), "c-1").orElseThrow().getConversationId();
    await().atMost(Duration.ofSeconds(60)).until(() -> routing.offers(conversationId).stream().map(Offer::operatorId).toList(),
        offered -> offered.contains(holder));
    String strangerKey = new ApiTokens(apiKeys).operator(stranger);

    List<Operation> operations = conversationOperations();
    assertThat(operations).hasSizeGreaterThanOrEqualTo(19);
    List<String> answers = new ArrayList<>();
    for (Operation operation : operations) {
      String path = operation.path().replace("{id}", conversationId).replace("{conversationId}", conversationId)
          .replaceAll("\\{[^}]+}", "some-id");
      ResponseEntity<String> answer =
          http.exchange(path, operation.method(), ApiTokens.request(strangerKey, Map.of()), String.class);
      answers.add(operation.method() + " " + operation.path() + " -> " + answer.getStatusCode().value());
    }

    assertThat(answers).allSatisfy(answer -> assertThat(answer).endsWith("-> 403"));
    // The holder still reaches the conversation: the rule refuses strangers, not everyone.
    String holderKey = new ApiTokens(apiKeys).operator(holder);
    assertThat(http.exchange("/api/conversations/" + conversationId + "/messages", HttpMethod.GET, ApiTokens.request(holderKey),
        String.class).getStatusCode().value()).isEqualTo(200);
  }

  private List<Operation> conversationOperations() {
    JsonNode paths = http.getForObject("/v3/api-docs", JsonNode.class).path("paths");
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      if (!path.getKey().matches("/api/conversations/\\{[^}]+}(/.*)?")) {
        continue;
      }
      path.getValue().fieldNames().forEachRemaining(method -> {
        if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
          operations.add(new Operation(HttpMethod.valueOf(method.toUpperCase()), path.getKey()));
        }
      });
    }
    return operations;
  }
}
