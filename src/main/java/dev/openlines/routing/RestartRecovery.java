package dev.openlines.routing;

/**
 * Whether the recovery after a start of the service has finished: until then, conversations waiting for
 * their process are recovery's, not missed wake-ups. Routing owns the question; the recovery package
 * answers it, so routing does not depend on recovery (which routes through it).
 */
public interface RestartRecovery {

  boolean finished();
}
