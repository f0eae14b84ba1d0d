package dev.openlines.channel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.api.ProblemField;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The texts an open channel sends on its own. A text left empty means that automatic message is
 * switched off; the process then sends nothing at that step.
 *
 * @param greeting sent when a client starts a conversation
 * @param consentNotice the data-processing notice shown before the conversation starts, if required
 * @param offHoursReply sent when a client writes outside the working hours
 * @param noAnswerReply sent once when no operator has answered within {@code noAnswerAfter}
 * @param closingText sent when the conversation is closed
 * @param ratingRequest asks the client to rate the conversation after it is closed
 * @param noAnswerAction SEND_TEXT sends {@code noAnswerReply} when no operator answered in time, NOTHING
 *     sends nothing; null = SEND_TEXT (nothing is sent while the text is empty)
 * @param noAnswerAfter how long the conversation may wait for an operator's answer before the no-answer
 *     text, 1 minute to 24 hours; null = {@link #DEFAULT_NO_ANSWER_AFTER}
 * @param newMessageReply sent when the client writes again while no operator has taken the conversation
 * @param newMessageAction SEND_TEXT sends {@code newMessageReply}, NOTHING (or null) sends nothing
 */
public record AutomaticActions(
    @Size(max = MAX_TEXT) String greeting,
    @Size(max = MAX_TEXT) String consentNotice,
    @Size(max = MAX_TEXT) String offHoursReply,
    @Size(max = MAX_TEXT) String noAnswerReply,
    @Size(max = MAX_TEXT) String closingText,
    @Size(max = MAX_TEXT) String ratingRequest,
    ReplyAction noAnswerAction,
    @DurationMin(minutes = 1, message = "the no-answer time is at least 1 minute (PT1M)")
        @DurationMax(hours = 24, message = "the no-answer time is at most 24 hours (PT24H)")
        Duration noAnswerAfter,
    @Size(max = MAX_TEXT) String newMessageReply,
    ReplyAction newMessageAction) {

  /** Messengers cap a message at about 4,096 characters (Telegram); keep every text sendable anywhere. */
  public static final int MAX_TEXT = 4000;

  public static final Duration DEFAULT_NO_ANSWER_AFTER = Duration.ofMinutes(1);

  /** What the channel does when the moment for an automatic reply comes. */
  public enum ReplyAction {
    SEND_TEXT,
    NOTHING
  }

  /** The automatic messages a send step can name in its {@code template} header. */
  public enum Template {
    GREETING,
    CONSENT_NOTICE,
    OFF_HOURS_REPLY,
    NO_ANSWER_REPLY,
    CLOSING_TEXT,
    RATING_REQUEST,
    NEW_MESSAGE_REPLY
  }

  /** The six texts, with the no-answer text sent after the default time and no reply to new messages. */
  public AutomaticActions(
      String greeting, String consentNotice, String offHoursReply, String noAnswerReply, String closingText,
      String ratingRequest) {
    this(greeting, consentNotice, offHoursReply, noAnswerReply, closingText, ratingRequest, null, null, null, null);
  }

  /** The text for that template; empty when it is switched off. */
  public String textOf(Template template) {
    String text =
        switch (template) {
          case GREETING -> greeting;
          case CONSENT_NOTICE -> consentNotice;
          case OFF_HOURS_REPLY -> offHoursReply;
          case NO_ANSWER_REPLY -> noAnswerTextOn() ? noAnswerReply : "";
          case CLOSING_TEXT -> closingText;
          case RATING_REQUEST -> ratingRequest;
          case NEW_MESSAGE_REPLY -> newMessageReplyOn() ? newMessageReply : "";
        };
    return text == null ? "" : text.strip();
  }

  /** The no-answer text goes out when nobody answered in time. */
  @JsonIgnore
  public boolean noAnswerTextOn() {
    return noAnswerAction != ReplyAction.NOTHING && !blank(noAnswerReply);
  }

  /** The automatic reply to the client's later messages goes out. */
  @JsonIgnore
  public boolean newMessageReplyOn() {
    return newMessageAction == ReplyAction.SEND_TEXT && !blank(newMessageReply);
  }

  /** How long a conversation waits for an operator's answer before the no-answer text. */
  @JsonIgnore
  public Duration noAnswerWait() {
    return noAnswerAfter == null ? DEFAULT_NO_ANSWER_AFTER : noAnswerAfter;
  }

  @JsonIgnore
  @AssertTrue(message = "noAnswerAction SEND_TEXT needs a noAnswerReply text; write one or choose NOTHING")
  @ProblemField("noAnswerReply")
  public boolean isNoAnswerTextGiven() {
    return noAnswerAction != ReplyAction.SEND_TEXT || !blank(noAnswerReply);
  }

  @JsonIgnore
  @AssertTrue(message = "newMessageAction SEND_TEXT needs a newMessageReply text; write one or choose NOTHING")
  @ProblemField("newMessageReply")
  public boolean isNewMessageTextGiven() {
    return newMessageAction != ReplyAction.SEND_TEXT || !blank(newMessageReply);
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
