package dev.openlines.routing;

import java.time.Instant;

/**
 * @param channelId the channel the client wrote to
 * @param distribution where the decision table sends the conversation; null means this channel's queue
 * @param responsibleOperatorId the CRM-responsible operator, if the client is known
 * @param transferToOperatorId set after a transfer to a colleague: only they are offered the conversation
 * @param transferToChannelId set after a transfer to another channel: its queue takes the conversation
 * @param operatorPicker the {@link OperatorPicker} the decision table {@code operator-picker} chose; null
 *     for the queue's distribution mode
 * @param pickerDecidedForMode the channel distribution mode that decision read ({@code channelDistributionMode});
 *     null when not known
 * @param waitingSince when the client began to wait for the operators: its first message, the chat bot's hand-off,
 *     or the opening it was held for (the process's {@code firstReplyCountsFrom}); null when not known
 */
public record OfferRequest(
    String conversationId,
    String channelId,
    Distribution distribution,
    String responsibleOperatorId,
    String transferToOperatorId,
    String transferToChannelId,
    Instant noAnswerAt,
    String operatorPicker,
    String pickerDecidedForMode,
    Instant waitingSince) {

  public OfferRequest(String conversationId, String channelId, Distribution distribution, String responsibleOperatorId) {
    this(conversationId, channelId, distribution, responsibleOperatorId, null, null, null, null);
  }

  public OfferRequest(String conversationId, String channelId, Distribution distribution, String responsibleOperatorId,
      String transferToOperatorId, String transferToChannelId, Instant noAnswerAt, String operatorPicker) {
    this(conversationId, channelId, distribution, responsibleOperatorId, transferToOperatorId, transferToChannelId,
        noAnswerAt, operatorPicker, null, null);
  }

  /**
   * The picker the decision chose, unless it decided on a channel mode the channel no longer has (an admin
   * changed it while the conversation waited, and the model skipped the check that reads it): then none,
   * and the channel's current mode picks.
   */
  String operatorPickerFor(dev.openlines.channel.DistributionMode channelModeNow) {
    boolean decidedOnAnOldMode = !isBlank(pickerDecidedForMode) && !pickerDecidedForMode.equals(channelModeNow.name());
    return decidedOnAnOldMode ? null : operatorPicker;
  }

  /** A transfer overrides the decision table: the person or queue the holder chose takes it. */
  Distribution distributionOrQueue() {
    return distribution == null || transferred() ? Distribution.queue() : distribution;
  }

  /** The colleague the holder transferred the conversation to by name; null when it goes to a queue. */
  String targetOperatorId() {
    return isBlank(transferToOperatorId) ? null : transferToOperatorId;
  }

  /** The same request sent to its own channel's queue instead of to the colleague it was transferred to. */
  OfferRequest toOwnQueue() {
    return new OfferRequest(conversationId, channelId, distribution, responsibleOperatorId, null, channelId, noAnswerAt,
        operatorPicker, pickerDecidedForMode, waitingSince);
  }

  boolean transferred() {
    return !isBlank(transferToOperatorId) || !isBlank(transferToChannelId);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
