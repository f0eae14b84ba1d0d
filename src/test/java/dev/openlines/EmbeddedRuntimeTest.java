package dev.openlines;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedRuntimeTest {

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired ConversationRepository conversations;
  @Autowired TestRestTemplate http;
  @Autowired ChannelService channels;
  @Autowired dev.openlines.testing.ConversationProcesses processes;

  @Test
  void conversationProcessRunsAndItsJobIsCompletedByAWorker() {
    String id = UUID.randomUUID().toString();
    String channelId = "runtime-" + id.substring(0, 8);
    // A channel whose only operator is offline: the conversation waits for an operator.
    channels.save(
        new OpenChannel(
            channelId,
            "Runtime check",
            ZoneId.of("UTC"),
            new QueueSettings(
                List.of(QueueEntry.operator("nobody-" + id)),
                DistributionMode.STRICT,
                Duration.ofMinutes(1),
                null,
                LimitExclusion.CLOSED,
                true)));
    conversations.save(new Conversation(id, channelId, "livechat", "client-1", Instant.now()));

    ProcessInstanceEvent instance =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(Workflow.Process.CONVERSATION)
            .latestVersion()
            .variables(processes.startVariables(id, channelId, "livechat", "client-1"))
            .send()
            .join();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Conversation stored = conversations.findById(id).orElseThrow();
              assertThat(stored.getStatus()).isEqualTo(ConversationStatus.WAITING);
              assertThat(stored.getProcessInstanceKey()).isEqualTo(instance.getProcessInstanceKey());
            });

    client
        .newPublishMessageCommand()
        .messageName(Workflow.Message.CONVERSATION_CLOSED)
        .correlationKey(id)
        .send()
        .join();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatProcess(engine, instance.getProcessInstanceKey())
                    .hasPassedElementsInOrder("mark-waiting", "closed-while-routing")
                    .isCompleted());
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthIsUpWithEngineAndStoreAndShowsItsPartsOnlyToSupervisorsAndAdmins(
      @Autowired dev.openlines.security.ApiKeyService apiKeys) {
    Map<String, Object> anonymous = http.getForObject("/actuator/health", Map.class);
    Map<String, Object> liveness = http.getForObject("/actuator/health/liveness", Map.class);
    Map<String, Object> health = http.exchange("/actuator/health", org.springframework.http.HttpMethod.GET,
        dev.openlines.testing.ApiTokens.request(new dev.openlines.testing.ApiTokens(apiKeys).supervisor()), Map.class).getBody();

    assertThat(anonymous).containsEntry("status", "UP").doesNotContainKeys("components", "details");
    assertThat(liveness).containsEntry("status", "UP");
    assertThat(health).containsEntry("status", "UP");
    assertThat(((Map<String, ?>) health.get("components")).keySet())
        .contains("workflowEngine", "documentStore", "diskSpace");
  }

  @Test
  void applicationClockFollowsTheEnginesTimeTravel(@Autowired Clock clock) {
    Instant before = clock.instant();
    engine.increaseTime(Duration.ofHours(3));
    assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofHours(3));
  }

  @Test
  void apiIsClosedWithoutCredentials() {
    assertThat(http.getForEntity("/api/conversations", String.class).getStatusCode().value()).isEqualTo(401);
  }
}
