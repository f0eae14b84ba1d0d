package dev.openlines.conversation.inbound;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import java.time.Clock;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What ingestion tests need: a live-chat connector of a real open channel whose queue has one online
 * operator (so conversations get routed and offered), and client messages for it. Ids are fresh per
 * call, so test classes can share a context and store.
 */
final class IngestionFixtures {

  private final ChannelService channels;
  private final OperatorService operators;
  private final MongoTemplate mongo;
  private final ConnectorSettingsService connectors;
  private final Clock clock;

  IngestionFixtures(
      ChannelService channels, OperatorService operators, MongoTemplate mongo, ConnectorSettingsService connectors, Clock clock) {
    this.channels = channels;
    this.operators = operators;
    this.mongo = mongo;
    this.connectors = connectors;
    this.clock = clock;
  }

  /** A channel, its online operator and its live-chat connector. */
  record Line(String channelId, String operatorId, ConnectorSettings connector, Clock clock) {

    /** A new client message, as a connector hands it to ingestion. */
    InboundMessage message(String externalId, String clientId, String text) {
      return new InboundMessage(connector.type(), connector.id(), externalId, clientId,
          new InboundMessage.ClientProfile("Ann", null, null, "en"), text, List.of(), false, clock.instant());
    }

    /** The client edited the message with this external id. */
    InboundMessage edit(String externalId, String clientId, String text) {
      return new InboundMessage(connector.type(), connector.id(), externalId, clientId, null, text, List.of(), true,
          clock.instant());
    }

    InboundMessage withFiles(String externalId, String clientId, String text, OutboundMessage.Attachment... files) {
      return new InboundMessage(connector.type(), connector.id(), externalId, clientId, null, text, List.of(files), false,
          clock.instant());
    }
  }

  /** The client's first message on the line, offered to the line's operator, who answers it through the API. */
  static IngestionResult answered(InboundMessageService ingestion, Line line, String clientId, OperatorJourney operator) {
    IngestionResult first = ingestion.receive(line.message("m-1", clientId, "Hello"), line.connector());
    operator.awaitOffer(first.conversationId());
    operator.answer(first.conversationId());
    return first;
  }

  /**
   * @param operatorLimit the channel's simultaneous-conversation limit per operator
   * @param maxAttachmentBytes the connector's attachment size limit
   */
  Line liveChat(String name, int operatorLimit, long maxAttachmentBytes) {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String operator = fx.operator("olga");
    String channel = fx.channel(name, DistributionMode.STRICT, operatorLimit, operator);
    ConnectorSettings connector = connectors.create(
        new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, maxAttachmentBytes, null,
            new LiveChatSettings(false, null)));
    return new Line(channel, operator, connector, clock);
  }
}
