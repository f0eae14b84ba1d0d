package dev.openlines.workflow;

import java.time.Instant;

/**
 * One start of an engine whose state does not outlive the application (the embedded runtime): what
 * the application needs to know about it, without depending on the runtime's classes. Absent (no
 * bean) on the external runtime, where the cluster keeps its state across application restarts, and
 * in a jar built without the embedded runtime ({@code -Pexternal}).
 */
public interface EngineRun {

  /** Identifies this start: a conversation stamped with another run id has no process in this engine. */
  String engineRunId();

  /** When this start happened: no conversation created earlier has a process instance in it. */
  Instant engineStartedAt();
}
