package dev.openlines.connector.telegram;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The parts of a Bot API {@code Update} OpenLines reads (https://core.telegram.org/bots/api#update).
 * Field names follow the Bot API's snake_case; fields OpenLines does not use are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TelegramUpdate(Long updateId, Message message, Message editedMessage, CallbackQuery callbackQuery) {

  /**
   * A press of a button the bot sent (https://core.telegram.org/bots/api#callbackquery): {@code data} is
   * the button's callback_data, {@code message} the message the button was under.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CallbackQuery(String id, User from, Message message, String data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Message(
      Long messageId,
      User from,
      Chat chat,
      Long date,
      Long editDate,
      String text,
      String caption,
      List<PhotoSize> photo,
      Document document) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record User(Long id, Boolean isBot, String firstName, String lastName, String username, String languageCode) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Chat(Long id, String type, String title, String username, String firstName, String lastName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PhotoSize(String fileId, String fileUniqueId, Integer width, Integer height, Long fileSize) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Document(String fileId, String fileUniqueId, String fileName, String mimeType, Long fileSize) {}
}
