package dev.openlines.connector.telegram;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.TelegramSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.RestartableApplication;
import dev.openlines.workflow.Workflow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The service restarts after an operator started a conversation and before their first text went out:
 * the recreated process runs the start's steps again, so the text reaches the client once and the
 * conversation stays theirs.
 */
class OperatorStartRestartTest {

  static final Duration WAIT = RestartableApplication.WAIT;
  static final String SECRET = "operator-start-restart-secret";
  static final String TEXT = "Your order has shipped";

  @TempDir Path dir;

  @Test
  void theFirstTextUnsentAtTheRestartIsSentOnceAfterIt() throws Exception {
    String olga = "olga-" + UUID.randomUUID();
    String chat = Long.toString(900_000_000L + ThreadLocalRandom.current().nextLong(99_000_000L));
    String token = "7000009:AAH-" + UUID.randomUUID().toString().substring(0, 8);
    String channel = "operator-start-restart-" + UUID.randomUUID();
    String conversationId;
    try (FakeTelegramBotApi telegram = new FakeTelegramBotApi()) {
      // The crash is put exactly between the steps: this run has no worker for "Send the operator's first text".
      try (RestartableApplication before = RestartableApplication.start(dir,
          "--camunda.client.worker.override[" + Workflow.Job.OPERATOR_START_SEND_FIRST_TEXT + "].enabled=false")) {
        before.bean(OperatorService.class).create(new Operator(olga, "Olga", Set.of()));
        before.bean(OperatorService.class).changePresence(olga, Presence.ONLINE);
        before.bean(ChannelService.class).save(new OpenChannel(channel, "Restart", ZoneId.of("Europe/Berlin"),
            new QueueSettings(List.of(QueueEntry.operator(olga)), DistributionMode.STRICT, Duration.ofMinutes(5), 5,
                LimitExclusion.CLOSED, true)));
        ConnectorSettings connector = before.bean(ConnectorSettingsService.class).create(new ConnectorSettings(null, channel,
            ConnectorTypes.TELEGRAM, 1000, new TelegramSettings(token, SECRET, telegram.baseUrl()), null));
        // The client wrote once and olga answered and closed it: the client is known on the connector.
        String earlier = before.bean(InboundMessageService.class).receive(new InboundMessage(ConnectorTypes.TELEGRAM,
            connector.id(), chat + ":1", chat, new InboundMessage.ClientProfile("Ann", null, null, "en"), "Hello", List.of(),
            false, before.bean(Clock.class).instant()), connector).conversationId();
        await().atMost(WAIT).until(() -> before.openOffers(earlier).equals(List.of(olga)));
        assertThat(before.asOperator(olga, HttpMethod.POST, "/api/conversations/" + earlier + "/answer", null)
            .getStatusCode().value()).isEqualTo(204);
        await().atMost(WAIT).until(() -> before.conversation(earlier).getStatus() == ConversationStatus.IN_PROGRESS);
        assertThat(before.asOperator(olga, HttpMethod.POST, "/api/conversations/" + earlier + "/close", null)
            .getStatusCode().value()).isEqualTo(202);
        await().atMost(WAIT).until(() -> before.conversation(earlier).getStatus() == ConversationStatus.CLOSED);

        ResponseEntity<String> started = before.asOperator(olga, HttpMethod.POST, "/api/conversations",
            Map.of("connectorId", connector.id(), "clientId", chat, "text", TEXT));
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(202);
        JsonNode body = new ObjectMapper().readTree(started.getBody());
        conversationId = body.get("conversationId").asText();
        await().atMost(WAIT).until(() -> before.conversation(conversationId).getStatus() == ConversationStatus.IN_PROGRESS);
        long key = before.conversation(conversationId).getProcessInstanceKey();
        await().atMost(WAIT).untilAsserted(() -> assertThatProcess(before.engine(), key)
            .hasPassedElementsInOrder("assign-to-starter", "mark-started-in-progress")
            .isWaitingAtElements("send-first-text"));
        assertThat(telegram.acceptedTexts(chat)).doesNotContain(TEXT);
      }

      try (RestartableApplication after = RestartableApplication.start(dir)) {
        long key = after.awaitRecovered(conversationId);
        await().atMost(WAIT).untilAsserted(() -> assertThatProcess(after.engine(), key)
            .hasPassedElementsInOrder("assign-to-starter", "send-first-text", "back-in-progress")
            .isWaitingAtElements("conversation-closed"));
        await().atMost(WAIT).until(() -> telegram.acceptedTexts(chat).contains(TEXT));
        assertThat(telegram.acceptedTexts(chat).stream().filter(TEXT::equals)).hasSize(1);
        assertThat(after.conversation(conversationId).getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
        assertThat(after.bean(RoutingService.class).state(conversationId).orElseThrow().getAssignedOperatorId()).isEqualTo(olga);
        // Held once: the repeated assignment did not count the conversation twice against olga's limit.
        assertThat(after.load(olga, channel)).isEqualTo(1);
      }
    }
  }
}
