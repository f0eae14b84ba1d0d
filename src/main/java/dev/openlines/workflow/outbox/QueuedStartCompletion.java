package dev.openlines.workflow.outbox;

import java.util.Map;

/**
 * Completes the variables of a queued start before the relay sends it, for what the model needs now
 * but an earlier version did not queue. Ingestion implements it (it knows the start variables); the
 * outbox only calls it, so the way into the engine does not depend on the features that use it.
 */
public interface QueuedStartCompletion {

  /** The variables to start with; what was queued wins. */
  Map<String, Object> completed(Map<String, Object> queued);
}
