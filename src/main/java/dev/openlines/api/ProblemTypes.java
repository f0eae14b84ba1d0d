package dev.openlines.api;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Gives every problem answer a type URI that a client can branch on and a person can open:
 * {@code /problems/<slug>}, served by {@link ProblemTypeController} from {@code docs/problems/<slug>.md}.
 * One type per kind of failure the API reports (the status says the kind); the detail says what to fix.
 */
public final class ProblemTypes {

  public static final String PATH = "/problems/";

  /** Status -> slug; each slug has a page in docs/problems (a test keeps them in step). */
  static final Map<Integer, String> SLUGS =
      Map.ofEntries(
          Map.entry(400, "invalid-request"),
          Map.entry(401, "unauthorized"),
          Map.entry(403, "forbidden"),
          Map.entry(404, "not-found"),
          Map.entry(405, "method-not-allowed"),
          Map.entry(406, "not-acceptable"),
          Map.entry(409, "conflict"),
          Map.entry(413, "payload-too-large"),
          Map.entry(415, "unsupported-media-type"),
          Map.entry(429, "too-many-requests"),
          Map.entry(500, "server-error"),
          Map.entry(503, "service-unavailable"));

  private static final URI BLANK = URI.create("about:blank");

  private ProblemTypes() {}

  /** Sets the type of a problem that has none yet (Spring's default {@code about:blank}) from its status. */
  public static ProblemDetail assign(ProblemDetail problem) {
    if (problem.getType() == null || BLANK.equals(problem.getType())) {
      String slug = SLUGS.getOrDefault(problem.getStatus(), problem.getStatus() >= 500 ? "server-error" : "invalid-request");
      problem.setType(URI.create(PATH + slug));
      if (problem.getTitle() == null) {
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        problem.setTitle(status == null ? null : status.getReasonPhrase());
      }
    }
    return problem;
  }
}
