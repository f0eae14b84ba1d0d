package dev.openlines.operator;

/** What the operator says about themselves in the workspace. */
public enum Presence {
  ONLINE,
  AWAY,
  OFFLINE
}
