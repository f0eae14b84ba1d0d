package dev.openlines.connector;

/** The connector types OpenLines knows; each has one sub-package and one {@link ClientMessenger}. */
public final class ConnectorTypes {

  public static final String TELEGRAM = "telegram";
  public static final String LIVECHAT = "livechat";
  public static final String WHATSAPP = "whatsapp";
  public static final String MESSENGER = "messenger";
  public static final String INSTAGRAM = "instagram";
  public static final String VIBER = "viber";
  public static final String EMAIL = "email";

  /** For validation of stored settings: extend when a connector package is added. */
  public static final String PATTERN =
      TELEGRAM + "|" + LIVECHAT + "|" + WHATSAPP + "|" + MESSENGER + "|" + INSTAGRAM + "|" + VIBER + "|" + EMAIL;

  private ConnectorTypes() {}
}
