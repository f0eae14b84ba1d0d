package dev.openlines.connector;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 answers of the messenger webhooks: what is wrong, never which Java class failed. */
public final class WebhookProblems {

  private WebhookProblems() {}

  public static ResponseEntity<ProblemDetail> problem(String connectorType, HttpStatus status, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("https://openlines.dev/problems/" + connectorType + "-webhook"));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
