package dev.openlines.connector.email;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.ConnectorsChanged;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps one {@link MailboxWatcher} running per e-mail connector: started when the application is
 * ready or a connector is added, restarted when its settings change, stopped when it is removed.
 * A periodic pass catches changes made by another instance of the application.
 */
@Component
class EmailMailboxes {

  private final ConnectorSettingsService connectors;
  private final EmailProperties properties;
  private final MailboxState state;
  private final EmailIngestion ingestion;
  private final Map<String, MailboxWatcher> watchers = new ConcurrentHashMap<>();
  private volatile boolean ready;

  EmailMailboxes(ConnectorSettingsService connectors, EmailProperties properties, MailboxState state, EmailIngestion ingestion) {
    this.connectors = connectors;
    this.properties = properties;
    this.state = state;
    this.ingestion = ingestion;
  }

  @EventListener(ApplicationReadyEvent.class)
  void applicationReady() {
    ready = true;
    reconcile();
  }

  @EventListener
  void connectorsChanged(ConnectorsChanged changed) {
    reconcile();
  }

  @Scheduled(fixedDelayString = "${openlines.connectors.email.reconcile-interval:PT30S}")
  void periodically() {
    reconcile();
  }

  /** The watcher of a connector, while it runs. */
  Optional<MailboxWatcher> watcher(String connectorId) {
    return Optional.ofNullable(watchers.get(connectorId));
  }

  synchronized void reconcile() {
    if (!ready || !properties.watchMailboxes()) {
      return;
    }
    List<ConnectorSettings> stored = connectors.findByType(ConnectorTypes.EMAIL);
    Map<String, ConnectorSettings> byId = new java.util.HashMap<>();
    stored.stream().filter(c -> c.email() != null).forEach(c -> byId.put(c.id(), c));
    watchers.entrySet().removeIf(running -> {
      ConnectorSettings now = byId.get(running.getKey());
      if (now == null || !now.equals(running.getValue().connector())) {
        running.getValue().stop();
        return true;
      }
      return false;
    });
    byId.forEach((id, connector) -> watchers.computeIfAbsent(id, unused -> {
      MailboxWatcher watcher = new MailboxWatcher(connector, properties, state, ingestion);
      watcher.start();
      return watcher;
    }));
  }

  @PreDestroy
  synchronized void stopAll() {
    ready = false;
    watchers.values().forEach(MailboxWatcher::stop);
    watchers.clear();
  }
}
