package dev.openlines.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * One page of a list. The body stays a plain JSON array, as before pagination; the total count and
 * the link to the next page travel in headers ({@code X-Total-Count}, RFC 8288 {@code Link: <...>; rel="next"}),
 * so a client that ignores them still works and one that follows {@code next} sees every item once.
 */
public record Page<T>(List<T> items, Cursor next, long total) {

  public static final String TOTAL_HEADER = "X-Total-Count";

  public ResponseEntity<List<T>> toResponse(HttpServletRequest request, String cursorParameter) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(TOTAL_HEADER, Long.toString(total));
    headers.add(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, TOTAL_HEADER + ", " + HttpHeaders.LINK);
    if (next != null) {
      String link =
          ServletUriComponentsBuilder.fromRequest(request)
              .replaceQueryParam(cursorParameter, next.encode())
              .build()
              .toUriString();
      headers.add(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"");
    }
    return ResponseEntity.ok().headers(headers).body(items);
  }
}
