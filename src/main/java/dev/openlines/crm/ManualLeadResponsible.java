package dev.openlines.crm;

import dev.openlines.channel.ChannelNotFoundException;
import dev.openlines.channel.ChannelService;
import dev.openlines.conversation.ConversationFacts;
import dev.openlines.routing.ConversationRouting;
import dev.openlines.routing.RoutingService;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who is responsible for a lead an operator creates by hand: the person an automatic lead of the same
 * conversation would get. With the channel's chat tracker on, that is the client's responsible person (the
 * process starts with it); with the tracker off the client counts as new, the automatic lead is created
 * without one and the operator who answers takes it ({@link ResponsiblePersonService#firstAnswered}), so
 * the manual lead goes to the conversation's operator too, never to someone remembered from earlier
 * conversations. The operator who pressed the button stands in where nobody else is.
 */
@Component
class ManualLeadResponsible {

  private final CrmPort crm;
  private final ConversationFacts conversations;
  private final ChannelService channels;
  private final RoutingService routing;

  ManualLeadResponsible(CrmPort crm, ConversationFacts conversations, ChannelService channels, RoutingService routing) {
    this.crm = crm;
    this.conversations = conversations;
    this.channels = channels;
    this.routing = routing;
  }

  String of(ConversationCard card, String pressedBy) {
    Optional<String> responsible = chatTrackerOn(card.conversationId())
        ? crm.findContact(card.contactId()).map(Contact::responsibleOperatorId)
        : routing.state(card.conversationId()).map(ConversationRouting::getAssignedOperatorId);
    return responsible.orElse(pressedBy);
  }

  /** The channel's setting; a channel deleted after its conversation closed counts with the default (on). */
  private boolean chatTrackerOn(String conversationId) {
    return conversations.channelOf(conversationId)
        .map(channelId -> {
          try {
            return channels.get(channelId).getCrm().chatTracker();
          } catch (ChannelNotFoundException gone) {
            return true;
          }
        })
        .orElse(true);
  }
}
