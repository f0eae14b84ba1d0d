package dev.openlines.crm;

import dev.openlines.channel.ChannelNotFoundException;
import dev.openlines.channel.ChannelService;
import dev.openlines.conversation.ConversationFacts;
import dev.openlines.crm.LeadSources;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The {@code crm.leadSource} of the channel a conversation belongs to. */
@Component
class ChannelLeadSources implements LeadSources {

  private final ConversationFacts conversations;
  private final ChannelService channels;

  ChannelLeadSources(ConversationFacts conversations, ChannelService channels) {
    this.conversations = conversations;
    this.channels = channels;
  }

  @Override
  public Optional<String> of(String conversationId) {
    return conversations.channelOf(conversationId)
        .flatMap(channelId -> {
          try {
            return Optional.ofNullable(channels.get(channelId).getCrm().leadSource());
          } catch (ChannelNotFoundException gone) {
            return Optional.empty();
          }
        })
        .filter(source -> !source.isBlank());
  }
}
