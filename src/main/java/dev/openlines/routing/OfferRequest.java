package dev.openlines.routing;

/**
 * @param channelId the channel the client wrote to
 * @param distribution where the decision table sends the conversation; null means this channel's queue
 * @param responsibleOperatorId the CRM-responsible operator, if the client is known
 */
public record OfferRequest(
    String conversationId, String channelId, Distribution distribution, String responsibleOperatorId) {

  Distribution distributionOrQueue() {
    return distribution == null ? Distribution.queue() : distribution;
  }
}
