package dev.openlines.conversation;

import java.time.Instant;

/**
 * The instants the conversation's timers wait for, stored so that a restarted embedded engine can
 * re-arm each timer at its original deadline instead of starting it afresh. A null field means no
 * such timer is running. Each field is written by the step that arms the timer and cleared when the
 * awaited thing happens.
 *
 * @param offerExpiresAt the current offer to an operator is withdrawn (channel idle time)
 * @param kpiDueAt the operator's reply becomes late (first or subsequent response limit)
 * @param inactivityTimeoutAt the conversation closes itself because the client stopped replying
 * @param ratingWaitEndsAt the rating wait after closing ends
 * @param reopensAt the channel opens again after off-hours (working hours' next opening)
 * @param botSilentUntil the chat bot has said nothing for its silence timeout: operators take over
 * @param firstReplyDueAt the operators' first reply becomes late (first response limit); kept while the
 *     conversation has had no operator reply, beside the later replies' {@code kpiDueAt}
 */
public record ConversationDeadlines(
    Instant offerExpiresAt,
    Instant kpiDueAt,
    Instant inactivityTimeoutAt,
    Instant ratingWaitEndsAt,
    Instant reopensAt,
    Instant botSilentUntil,
    Instant firstReplyDueAt) {

  /** The stored instant of that kind; null when that timer is not running. */
  public Instant get(Deadline deadline) {
    return switch (deadline) {
      case OFFER_EXPIRY -> offerExpiresAt;
      case KPI_DUE -> kpiDueAt;
      case INACTIVITY_TIMEOUT -> inactivityTimeoutAt;
      case RATING_WAIT_END -> ratingWaitEndsAt;
      case REOPENING -> reopensAt;
      case BOT_SILENCE -> botSilentUntil;
      case FIRST_REPLY_DUE -> firstReplyDueAt;
    };
  }

  /** The deadline kinds with the stored field each one lives in. */
  public enum Deadline {
    OFFER_EXPIRY("offerExpiresAt"),
    KPI_DUE("kpiDueAt"),
    INACTIVITY_TIMEOUT("inactivityTimeoutAt"),
    RATING_WAIT_END("ratingWaitEndsAt"),
    REOPENING("reopensAt"),
    BOT_SILENCE("botSilentUntil"),
    FIRST_REPLY_DUE("firstReplyDueAt");

    private final String field;

    Deadline(String field) {
      this.field = field;
    }

    /** The path in the conversation document, e.g. {@code deadlines.kpiDueAt}. */
    public String path() {
      return "deadlines." + field;
    }

    /** The process variable that carries it for a timer's {@code timeDate}, e.g. {@code kpiDueAt}. */
    public String variable() {
      return field;
    }
  }
}
