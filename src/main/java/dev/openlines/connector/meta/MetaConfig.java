package dev.openlines.connector.meta;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration
class MetaConfig {

  @Bean
  GraphApi graphApi(RestClient.Builder builder, ObjectMapper json, MetaProperties properties) {
    return new GraphApi(builder, json, properties.timeout(), properties.rateLimitBackoff());
  }
}
