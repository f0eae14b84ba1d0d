package dev.openlines.connector.livechat;

import dev.openlines.connector.UnknownConnectorException;
import java.net.URI;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Live-chat errors as RFC 9457 problem details that tell the website what to fix. */
@RestControllerAdvice(assignableTypes = LiveChatController.class)
class LiveChatErrors {

  @ExceptionHandler(LiveChatProblems.InvalidToken.class)
  ResponseEntity<ProblemDetail> invalidToken(LiveChatProblems.InvalidToken e) {
    return problem(HttpStatus.UNAUTHORIZED, e.getMessage());
  }

  @ExceptionHandler(LiveChatProblems.Conflict.class)
  ResponseEntity<ProblemDetail> conflict(LiveChatProblems.Conflict e) {
    return problem(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(LiveChatProblems.BadRequest.class)
  ResponseEntity<ProblemDetail> badRequest(LiveChatProblems.BadRequest e) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(UnknownConnectorException.class)
  ResponseEntity<ProblemDetail> unknownConnector(UnknownConnectorException e) {
    return problem(HttpStatus.NOT_FOUND, e.getMessage() + ": check the live-chat widget's connector id");
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
    String fields = e.getBindingResult().getFieldErrors().stream()
        .map(error -> error.getField() + " " + error.getDefaultMessage())
        .collect(Collectors.joining("; "));
    return problem(HttpStatus.BAD_REQUEST, fields);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    return problem(HttpStatus.BAD_REQUEST, "The body is not the expected JSON: " + e.getMostSpecificCause().getMessage());
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("https://openlines.dev/problems/livechat"));
    return ResponseEntity.status(status).body(problem);
  }
}
