package dev.openlines.connector.viber;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration
class ViberConfig {

  @Bean
  ViberApi viberApi(RestClient.Builder builder, ObjectMapper json, ViberProperties properties) {
    return new ViberApi(builder, json, properties.timeout(), properties.rateLimitBackoff());
  }
}
