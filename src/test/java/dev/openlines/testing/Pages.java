package dev.openlines.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Reads a paged list whole by following its {@code Link: <...>; rel="next"} headers. */
public final class Pages {

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

  private Pages() {}

  public static ArrayNode all(TestRestTemplate http, String path, String token) {
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    String next = path;
    while (next != null) {
      ResponseEntity<JsonNode> page = http.exchange(next, HttpMethod.GET, ApiTokens.request(token), JsonNode.class);
      if (!page.getStatusCode().is2xxSuccessful()) {
        throw new AssertionError("GET " + next + " answered " + page.getStatusCode() + ": " + page.getBody());
      }
      page.getBody().forEach(all::add);
      next = nextLink(page.getHeaders());
    }
    return all;
  }

  /** The path and query of the next page, null on the last page. */
  public static String nextLink(HttpHeaders headers) {
    Matcher next = NEXT.matcher(String.join(",", headers.getOrEmpty(HttpHeaders.LINK)));
    if (!next.find()) {
      return null;
    }
    URI uri = URI.create(next.group(1));
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }
}
