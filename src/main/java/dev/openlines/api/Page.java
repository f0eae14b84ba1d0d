package dev.openlines.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Function;
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
  /** The {@code limit} a list answers when the caller names none, and the most it answers. */
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 500;
  /** Appended to the OpenAPI summary of a paged list. */
  public static final String PAGED =
      " Paged: `limit` items (default 100, at most 500); `X-Total-Count` gives the total, `Link: <...>; rel=\"next\"` the next page.";

  /**
   * A page of a list the service holds whole (settings, one conversation's messages): {@code limit}
   * items after the one whose key the cursor names, in the list's own order.
   *
   * @param after the caller's {@code after} parameter (null: from the start)
   * @throws InvalidRequestException when the cursor's item is no longer in the list, or the limit is out of range
   */
  public static <T> Page<T> slice(List<T> all, Function<T, String> key, String after, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT + ", not " + limit);
    }
    int from = 0;
    Cursor cursor = Cursor.decode("after", after);
    if (cursor != null) {
      int index = 0;
      while (index < all.size() && !key.apply(all.get(index)).equals(cursor.id())) {
        index++;
      }
      if (index == all.size()) {
        throw new InvalidRequestException("after", "points at an item that is gone: start again without it");
      }
      from = index + 1;
    }
    int to = Math.min(all.size(), from + limit);
    List<T> items = all.subList(from, to);
    Cursor next = to < all.size() ? Cursor.ofKey(key.apply(items.get(items.size() - 1))) : null;
    return new Page<>(items, next, all.size());
  }

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
