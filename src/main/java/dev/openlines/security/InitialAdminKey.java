package dev.openlines.security;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Makes sure a fresh installation can be administered: when the store has no active ADMIN key, one is
 * created. A generated key is printed to the log this once; later starts find it and print nothing.
 */
@Component
public class InitialAdminKey implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(InitialAdminKey.class);
  static final String USER_ID = "admin";

  private final ApiKeyService apiKeys;
  private final ApiSecurityProperties properties;
  private final Environment environment;

  public InitialAdminKey(ApiKeyService apiKeys, ApiSecurityProperties properties, Environment environment) {
    this.apiKeys = apiKeys;
    this.properties = properties;
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) {
    ensureAdminKey();
  }

  /** @return true when this call created the key */
  boolean ensureAdminKey() {
    if (apiKeys.hasActiveAdminKey()) {
      return false;
    }
    var request =
        new ApiKeyRequest(USER_ID, "Administrator", Set.of(Role.ADMIN), null, "Initial admin key");
    if (properties.hasInitialAdminKey()) {
      try {
        CreatedApiKey created =
            apiKeys.createWithToken(properties.initialAdminKey().strip(), request, "openlines");
        log.info(
            "Created the initial ADMIN API key {} from openlines.security.initial-admin-key.",
            created.apiKey().keyId());
        return true;
      } catch (DuplicateKeyException revokedBefore) {
        log.warn(
            "openlines.security.initial-admin-key was revoked earlier and is not accepted again; "
                + "set a new value to create an ADMIN key.");
        return false;
      }
    }
    CreatedApiKey created = apiKeys.create(request, "openlines");
    log.warn(
        """

        ==================================================================================
         OpenLines created the initial ADMIN API key. It is shown only this once:

           {}

         Use it like this:
           curl -H "Authorization: Bearer {}" {}/api/admin/api-keys

         Create personal keys with POST /api/admin/api-keys, then revoke this one.
        ==================================================================================""",
        created.key(),
        created.key(),
        "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080")));
    return true;
  }
}
