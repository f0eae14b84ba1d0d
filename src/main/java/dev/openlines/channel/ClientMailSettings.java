package dev.openlines.channel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The e-mails a channel sends its live-chat visitors (to the address they gave when starting the chat).
 *
 * @param language the mails' language: {@code en}, {@code de} or {@code ru} (the conversation-history
 *     mail and the new-message mail)
 * @param newMessageMail mail the visitor an operator's message when the visitor is gone
 * @param goneAfter how long the visitor's chat must have had no open widget connection for the visitor
 *     to count as gone (PT0S: as soon as no widget is connected)
 */
@Document("channelClientMail")
public record ClientMailSettings(
    @Id @NotBlank String channelId,
    @NotNull(message = "choose the mails' language: en, de or ru") @Pattern(regexp = "en|de|ru", message = "the mails' language is en, de or ru") String language,
    boolean newMessageMail,
    @NotNull(message = "set how long the visitor must be gone, from PT0S to PT24H")
        @DurationMin(seconds = 0, message = "the time gone cannot be negative")
        @DurationMax(hours = 24, message = "the time gone is at most 24 hours (PT24H)")
        Duration goneAfter) {

  /** A channel never configured: English history mails, no new-message mails. */
  public static ClientMailSettings defaults(String channelId) {
    return new ClientMailSettings(channelId, "en", false, Duration.ofMinutes(5));
  }
}
