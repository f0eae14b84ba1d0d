package dev.openlines.connector.telegram;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration
class TelegramConfig {

  @Bean
  TelegramBotApi telegramBotApi(RestClient.Builder builder, TelegramProperties properties) {
    return new TelegramBotApi(builder, properties.timeout());
  }
}
