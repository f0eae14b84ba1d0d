package dev.openlines.connector.livechat;

/** Client errors of the live-chat API, each answered with a problem detail that says what to do. */
final class LiveChatProblems {

  private LiveChatProblems() {}

  /** Missing, unknown or revoked session token: 401. */
  static class InvalidToken extends RuntimeException {
    InvalidToken() {
      super("Send the token from POST /livechat/{connectorId}/chats in header X-LiveChat-Token (or ?token= for the event stream)");
    }
  }

  /** The action does not fit the chat's state: 409. */
  static class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message);
    }
  }

  /** The request is well-formed but incomplete: 400. */
  static class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
