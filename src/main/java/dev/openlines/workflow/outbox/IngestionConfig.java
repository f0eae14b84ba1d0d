package dev.openlines.workflow.outbox;

import io.camunda.client.CamundaClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration
@EnableScheduling
class IngestionConfig {

  @Bean
  ProcessCommandGateway processCommandGateway(CamundaClient client, IngestionProperties properties) {
    return new CamundaProcessCommandGateway(client, properties.relay().requestTimeout());
  }
}
