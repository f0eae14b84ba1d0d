package dev.openlines.security;

/**
 * What an API key may do. Roles do not include each other: an administrator who also answers chats gets
 * a key with both ADMIN and OPERATOR.
 */
public enum Role {
  /** Works conversations: inbox, answers, quick answers. Bound to one operator id. */
  OPERATOR,
  /** Monitors conversations, KPIs and statistics. */
  SUPERVISOR,
  /** Configures channels, operators, quick answers and API keys. */
  ADMIN,
  /** A chat bot service: talks to clients of conversations in the bot phase, hands them off or closes them. */
  BOT,
  /**
   * Configures only the open channels listed in its key's {@code channelIds}: where an endpoint allows it,
   * the {@code {channelId}} of the path must be one of them (403 otherwise).
   */
  CHANNEL_MANAGER;

  /** The granted authority Spring Security checks for {@code @RolesAllowed(...)}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /**
   * The role names as compile-time constants, for {@code @RolesAllowed(Role.Names.ADMIN)} on controllers.
   * A test keeps them equal to the enum.
   */
  public static final class Names {
    public static final String OPERATOR = "OPERATOR";
    public static final String SUPERVISOR = "SUPERVISOR";
    public static final String ADMIN = "ADMIN";
    public static final String BOT = "BOT";
    public static final String CHANNEL_MANAGER = "CHANNEL_MANAGER";

    private Names() {}
  }
}
