package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How one offer round chooses who is offered the conversation: one implementation per distribution
 * mode. Which one a round uses is the decision table {@code operator-picker} ({@code dmn/operator-picker.dmn},
 * result variable {@code operatorPicker}); without a result, the mode of the queue's channel decides.
 */
interface OperatorPicker {

  /** The picker's name in the decision table's result. */
  String name();

  /** The distribution mode this picker carries out (the process waits for one answer, or for anyone's). */
  DistributionMode mode();

  /**
   * Offers the conversation for the round.
   *
   * @return who it was offered to; empty when nobody can take it now
   */
  List<String> offer(Round round);

  /**
   * One offer round of a conversation.
   *
   * @param number the round's number (offers are recorded per round)
   * @param before the conversation's routing state before the round: whom it was tried with, who skipped
   * @param today the date in the queue's time zone (vacations)
   */
  record Round(String conversationId, RoutingQueue queue, long number, ConversationRouting before, LocalDate today, Instant now) {}
}
