package dev.openlines.workflow;

import dev.openlines.workflow.outbox.IngestionProperties;
import dev.openlines.workflow.outbox.ProcessCommandGateway;
import io.camunda.client.CamundaClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ProcessMessagesConfig {

  /** The engine side of {@link ProcessMessages} and of the outbox relay; one engine call waits at most the relay's request timeout. */
  @Bean
  ProcessCommandGateway processCommandGateway(CamundaClient client, IngestionProperties properties) {
    return new CamundaProcessCommandGateway(client, properties.relay().requestTimeout());
  }
}
