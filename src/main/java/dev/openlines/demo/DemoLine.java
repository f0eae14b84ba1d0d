package dev.openlines.demo;

import dev.openlines.channel.ChannelNotFoundException;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorNotFoundException;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.security.ApiKeyRequest;
import dev.openlines.security.ApiKeyService;
import dev.openlines.security.Role;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * So that {@code mvn spring-boot:run}, then {@code /demo/} and {@code /console/} in a browser, is a working chat
 * with no setup calls: a demo open channel with a live-chat connector and one operator, and console keys for
 * that operator and a supervisor, printed to the log once, when created. Off in production
 * ({@code openlines.demo.enabled=false}, the default of the {@code external} profile).
 */
@Component
@ConditionalOnProperty(name = "openlines.demo.enabled", havingValue = "true")
class DemoLine implements ApplicationRunner {

  static final String CHANNEL = "demo";
  static final String CONNECTOR = "demo";
  static final String OPERATOR = "demo-operator";

  private static final Logger log = LoggerFactory.getLogger(DemoLine.class);

  private final ChannelService channels;
  private final ConnectorSettingsService connectors;
  private final OperatorService operators;
  private final ApiKeyService apiKeys;

  DemoLine(ChannelService channels, ConnectorSettingsService connectors, OperatorService operators, ApiKeyService apiKeys) {
    this.channels = channels;
    this.connectors = connectors;
    this.operators = operators;
    this.apiKeys = apiKeys;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (connectors.find(CONNECTOR).isPresent()) {
      return;
    }
    if (!exists(OPERATOR)) {
      operators.create(new Operator(OPERATOR, "Demo Operator", Set.of()));
    }
    operators.changePresence(OPERATOR, Presence.ONLINE);
    if (!channelExists()) {
      channels.save(new OpenChannel(CHANNEL, "Demo line", ZoneId.of("UTC"),
          new QueueSettings(List.of(QueueEntry.operator(OPERATOR)), DistributionMode.STRICT, Duration.ofMinutes(2), 10,
              LimitExclusion.CLOSED, true)));
    }
    connectors.create(new ConnectorSettings(CONNECTOR, CHANNEL, ConnectorTypes.LIVECHAT, ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES,
        null, new LiveChatSettings(false, null, true)));
    String operatorKey = apiKeys.create(
        new ApiKeyRequest("demo-operator", "Demo Operator", Set.of(Role.OPERATOR), OPERATOR, "Demo console key"), "openlines").key();
    String supervisorKey = apiKeys.create(
        new ApiKeyRequest("demo-supervisor", "Demo Supervisor", Set.of(Role.SUPERVISOR), null, "Demo supervisor key"), "openlines").key();
    log.warn("""

        ==================================================================================
         Demo line ready (shown only this once; openlines.demo.enabled=false turns it off):
           visitor:    http://localhost:<port>/demo/
           operator:   http://localhost:<port>/console/             key {}
           supervisor: http://localhost:<port>/console/supervisor.html  key {}
        ==================================================================================
        """, operatorKey, supervisorKey);
  }

  private boolean exists(String operatorId) {
    try {
      operators.get(operatorId);
      return true;
    } catch (OperatorNotFoundException missing) {
      return false;
    }
  }

  private boolean channelExists() {
    try {
      channels.get(CHANNEL);
      return true;
    } catch (ChannelNotFoundException missing) {
      return false;
    }
  }
}
