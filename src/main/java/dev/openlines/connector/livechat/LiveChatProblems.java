package dev.openlines.connector.livechat;

import dev.openlines.api.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The live-chat API's own client error; the others are the shared typed exceptions of {@code api}
 * ({@code ConflictException}, {@code InvalidRequestException}, ...), rendered by the global advice.
 */
final class LiveChatProblems {

  private LiveChatProblems() {}

  /** Missing, unknown or revoked session token: 401 (the visitor has no API key, only this token). */
  static class InvalidToken extends ApiException {
    InvalidToken() {
      super(HttpStatus.UNAUTHORIZED,
          "Send the token from POST /livechat/{connectorId}/chats in header X-LiveChat-Token");
    }
  }

  /** Missing, used or expired stream ticket: 401. */
  static class InvalidTicket extends ApiException {
    InvalidTicket() {
      super(HttpStatus.UNAUTHORIZED,
          "Unknown, used or expired ticket: get a new one from POST /livechat/stream-tickets (each opens one stream within 30 s)");
    }
  }
}
