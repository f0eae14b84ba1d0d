package dev.openlines.connector.meta;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.MessagingWindows;
import dev.openlines.conversation.ProviderDeliveries;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration
class MetaConfig {

  @Bean
  GraphApi graphApi(RestClient.Builder builder, ObjectMapper json, MetaProperties properties) {
    return new GraphApi(builder, json, properties.timeout(), properties.rateLimitBackoff());
  }

  @Bean
  ClientMessenger messengerMessenger(ConnectorSettingsService connectors, GraphApi graph, MetaProperties properties,
      MessagingWindows windows, ProviderDeliveries deliveries, Clock clock) {
    return new MessengerPlatformMessenger(ConnectorTypes.MESSENGER, "Messenger", connectors, graph, properties, windows, deliveries, clock);
  }

  @Bean
  ClientMessenger instagramMessenger(ConnectorSettingsService connectors, GraphApi graph, MetaProperties properties,
      MessagingWindows windows, ProviderDeliveries deliveries, Clock clock) {
    return new MessengerPlatformMessenger(ConnectorTypes.INSTAGRAM, "Instagram", connectors, graph, properties, windows, deliveries, clock);
  }
}
