package dev.openlines.channel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.api.ProblemField;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Whom one response-time indicator notifies when it is exceeded, and with what words.
 *
 * @param enabled false: the breach is recorded on the conversation and counted, but nobody is told
 * @param recipients operator ids of the supervisors to notify
 * @param text what they read; {@value KpiSettings#OPERATOR} becomes the operator's name and
 *     {@value KpiSettings#DIALOG} a link to the conversation in the console
 */
public record KpiNotification(
    boolean enabled,
    List<@NotBlank String> recipients,
    @Size(max = KpiSettings.MAX_TEXT) String text) {

  public KpiNotification {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  @JsonIgnore
  @AssertTrue(message = "a notification switched on needs at least one recipient")
  @ProblemField("recipients")
  public boolean isRecipientsGiven() {
    return !enabled || !recipients.isEmpty();
  }

  @JsonIgnore
  @AssertTrue(message = "a notification switched on needs a text")
  @ProblemField("text")
  public boolean isTextGiven() {
    return !enabled || (text != null && !text.isBlank());
  }
}
