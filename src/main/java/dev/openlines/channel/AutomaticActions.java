package dev.openlines.channel;

import jakarta.validation.constraints.Size;

/**
 * The texts an open channel sends on its own. A text left empty means that automatic message is
 * switched off; the process then sends nothing at that step.
 *
 * @param greeting sent when a client starts a conversation
 * @param consentNotice the data-processing notice shown before the conversation starts, if required
 * @param offHoursReply sent when a client writes outside the working hours
 * @param noAnswerReply sent once when no operator is available to take the conversation
 * @param closingText sent when the conversation is closed
 * @param ratingRequest asks the client to rate the conversation after it is closed
 */
public record AutomaticActions(
    @Size(max = MAX_TEXT) String greeting,
    @Size(max = MAX_TEXT) String consentNotice,
    @Size(max = MAX_TEXT) String offHoursReply,
    @Size(max = MAX_TEXT) String noAnswerReply,
    @Size(max = MAX_TEXT) String closingText,
    @Size(max = MAX_TEXT) String ratingRequest) {

  /** Messengers cap a message at about 4,096 characters (Telegram); keep every text sendable anywhere. */
  public static final int MAX_TEXT = 4000;

  /** The automatic messages a send step can name in its {@code template} header. */
  public enum Template {
    GREETING,
    CONSENT_NOTICE,
    OFF_HOURS_REPLY,
    NO_ANSWER_REPLY,
    CLOSING_TEXT,
    RATING_REQUEST
  }

  /** The text for that template; empty when it is switched off. */
  public String textOf(Template template) {
    String text =
        switch (template) {
          case GREETING -> greeting;
          case CONSENT_NOTICE -> consentNotice;
          case OFF_HOURS_REPLY -> offHoursReply;
          case NO_ANSWER_REPLY -> noAnswerReply;
          case CLOSING_TEXT -> closingText;
          case RATING_REQUEST -> ratingRequest;
        };
    return text == null ? "" : text.strip();
  }
}
