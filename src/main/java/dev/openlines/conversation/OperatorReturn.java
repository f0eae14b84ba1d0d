package dev.openlines.conversation;

import java.util.Optional;

/**
 * Gives a conversation whose client came back during the rating wait to the operator who had it, with
 * their slot reserved again. Routing does it (it owns operators' capacity); the rating wait only calls it,
 * so conversation does not depend on routing.
 */
public interface OperatorReturn {

  /** @return the operator; empty when nobody had answered the conversation. Safe to repeat. */
  Optional<String> reopen(String conversationId);
}
