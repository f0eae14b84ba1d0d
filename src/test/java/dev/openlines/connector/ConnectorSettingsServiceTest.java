package dev.openlines.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ConstraintViolationException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConnectorSettingsServiceTest {

  @Autowired ConnectorSettingsService connectors;

  static ConnectorSettings telegram(String channelId) {
    return new ConnectorSettings(
        null,
        channelId,
        ConnectorTypes.TELEGRAM,
        ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES,
        new TelegramSettings("123456:ABC-def_ghi", "secret-token-of-this-webhook"),
        null);
  }

  @Test
  void createsAndFindsByTypeOnly() {
    String channel = UUID.randomUUID().toString();
    ConnectorSettings created = connectors.create(telegram(channel));

    assertThat(created.id()).isNotBlank();
    assertThat(connectors.find(created.id(), ConnectorTypes.TELEGRAM)).contains(created);
    assertThat(connectors.find(created.id(), ConnectorTypes.LIVECHAT)).isEmpty();
    assertThat(connectors.findByChannel(channel)).containsExactly(created);
  }

  @Test
  void aSecondConnectorOfTheSameTypeOnOneChannelIsRejectedButAnotherTypeIsFine() {
    String channel = UUID.randomUUID().toString();
    connectors.create(telegram(channel));

    assertThatThrownBy(() -> connectors.create(telegram(channel)))
        .isInstanceOf(ConnectorConflictException.class)
        .hasMessageContaining("already has a telegram connector");
    connectors.create(
        new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1024, null, new LiveChatSettings(false, null)));

    assertThat(connectors.findByChannel(channel)).extracting(ConnectorSettings::type)
        .containsExactlyInAnyOrder(ConnectorTypes.TELEGRAM, ConnectorTypes.LIVECHAT);
  }

  @Test
  void updateCannotMoveAConnectorOntoAChannelThatHasOneOfThatType() {
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();
    connectors.create(telegram(first));
    ConnectorSettings other = connectors.create(telegram(second));

    assertThatThrownBy(() -> connectors.update(other.id(), telegram(first)))
        .isInstanceOf(ConnectorConflictException.class);
    assertThat(connectors.find(other.id()).orElseThrow().channelId()).isEqualTo(second);
  }

  @Test
  void invalidSettingsAreRejectedWithTheFieldToFixAndNotStored() {
    String channel = UUID.randomUUID().toString();
    var badToken =
        new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 0,
            new TelegramSettings("not-a-token", "short"), null);
    assertThatThrownBy(() -> connectors.create(badToken))
        .isInstanceOfSatisfying(
            ConstraintViolationException.class,
            e -> assertThat(e.getConstraintViolations())
                .extracting(v -> v.getPropertyPath().toString())
                .contains("telegram.botToken", "telegram.webhookSecret", "maxAttachmentBytes"));

    var telegramWithoutSecrets = new ConnectorSettings(null, channel, ConnectorTypes.TELEGRAM, 10, null, null);
    assertThatThrownBy(() -> connectors.create(telegramWithoutSecrets))
        .hasMessageContaining("needs telegram.botToken");

    var consentWithoutText =
        new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 10, null, new LiveChatSettings(true, " "));
    assertThatThrownBy(() -> connectors.create(consentWithoutText)).hasMessageContaining("consentText is required");

    var unknownType = new ConnectorSettings(null, channel, "pigeon", 10, null, null);
    assertThatThrownBy(() -> connectors.create(unknownType)).hasMessageContaining("must be one of");

    assertThat(connectors.findByChannel(channel)).isEmpty();
  }
}
