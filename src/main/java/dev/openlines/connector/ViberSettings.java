package dev.openlines.connector;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A Viber bot (https://developers.viber.com/docs/api/rest-bot-api/).
 *
 * @param authToken the bot's token from the Viber admin panel; it signs webhooks and authorises calls
 * @param senderName the name clients see on the bot's messages (max 28 characters)
 * @param apiBaseUrl null means {@code openlines.connectors.viber.api-base-url}
 */
public record ViberSettings(
    @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{20,100}", message = "must be the bot's token from the Viber admin panel") String authToken,
    @NotBlank @Size(max = 28, message = "must be at most 28 characters (Viber's limit)") String senderName,
    java.net.URI apiBaseUrl) {

  @Override
  public String toString() {
    return "Viber[authToken=***, senderName=" + senderName + ", apiBaseUrl=" + apiBaseUrl + "]";
  }
}
