package dev.openlines.crm;

import java.util.Optional;

/** The lead source the conversation's open channel sets for its leads and deals (implemented by the channel feature). */
public interface LeadSources {

  /** Empty when the channel sets none: the connector type is the source then. */
  Optional<String> of(String conversationId);
}
