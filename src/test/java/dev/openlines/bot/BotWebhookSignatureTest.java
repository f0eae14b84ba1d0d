package dev.openlines.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.bot.StandardWebhookVerifier.Verdict;
import dev.openlines.channel.BotSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * A real call to a local bot webhook carries Standard Webhooks headers, and the verifier example of docs/models.md
 * accepts it once, then refuses its replay, a copy that arrives too late, and a changed body.
 */
class BotWebhookSignatureTest {

  static final String SECRET = "bot-shared-secret-0123456789";

  @Test
  void theBotsVerifierAcceptsACallOnceAndRefusesReplaysOldCallsAndChangedBodies() throws Exception {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    BotWebhook webhook = new BotWebhook(RestClient.builder(), new ObjectMapper().findAndRegisterModules(),
        new BotProperties(Duration.ofSeconds(30), Duration.ofSeconds(5)), Clock.fixed(now, ZoneOffset.UTC));
    try (FakeBotWebhook bot = new FakeBotWebhook()) {
      webhook.call(new BotSettings("channel-1", true, bot.url(), SECRET, Duration.ofMinutes(5)), "delivery-1",
          new BotEvent("conversation.started", "conv-1", "channel-1", "telegram", "client-1", null));
      FakeBotWebhook.Call call = bot.calls().getFirst();
      byte[] body = call.body().getBytes(StandardCharsets.UTF_8);

      assertThat(call.webhookId()).isEqualTo("delivery-1");
      assertThat(call.webhookTimestamp()).isEqualTo(Long.toString(now.getEpochSecond()));
      assertThat(call.webhookSignature()).startsWith("v1,");

      StandardWebhookVerifier verifier = new StandardWebhookVerifier(SECRET, Clock.fixed(now.plusSeconds(2), ZoneOffset.UTC));
      assertThat(verifier.verify(call.webhookId(), call.webhookTimestamp(), call.webhookSignature(), body))
          .isEqualTo(Verdict.ACCEPTED);
      assertThat(verifier.verify(call.webhookId(), call.webhookTimestamp(), call.webhookSignature(), body))
          .isEqualTo(Verdict.REPEATED);
      assertThat(verifier.verify("delivery-1", call.webhookTimestamp(), call.webhookSignature(),
          call.body().replace("conv-1", "conv-2").getBytes(StandardCharsets.UTF_8))).isEqualTo(Verdict.BAD_SIGNATURE);
      StandardWebhookVerifier later = new StandardWebhookVerifier(SECRET, Clock.fixed(now.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
      assertThat(later.verify(call.webhookId(), call.webhookTimestamp(), call.webhookSignature(), body))
          .isEqualTo(Verdict.TOO_OLD);
    }
  }
}
