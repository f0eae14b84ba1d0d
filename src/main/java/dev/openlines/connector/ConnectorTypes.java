package dev.openlines.connector;

/** The connector types OpenLines knows; each has one sub-package and one {@link ClientMessenger}. */
public final class ConnectorTypes {

  public static final String TELEGRAM = "telegram";
  public static final String LIVECHAT = "livechat";

  /** For validation of stored settings: extend when a connector package is added. */
  static final String PATTERN = TELEGRAM + "|" + LIVECHAT;

  private ConnectorTypes() {}
}
