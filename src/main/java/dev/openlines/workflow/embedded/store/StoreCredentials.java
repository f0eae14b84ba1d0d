package dev.openlines.workflow.embedded.store;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The user and password the store accepts, made anew at every start and held only in this
 * process's memory (and the Mongo client settings built from it), so no other local user can know
 * them.
 */
record StoreCredentials(String user, String password) {

  static StoreCredentials random() {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    return new StoreCredentials("openlines", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  boolean matches(String givenUser, String givenPassword) {
    // Both compared in full: the time taken does not tell which part was wrong.
    boolean userMatches = StoreRequestHandler.constantTimeEquals(user, givenUser);
    boolean passwordMatches = StoreRequestHandler.constantTimeEquals(password, givenPassword);
    return userMatches & passwordMatches;
  }

  @Override
  public String toString() {
    return "StoreCredentials[user=" + user + ", password=(hidden)]";
  }
}
