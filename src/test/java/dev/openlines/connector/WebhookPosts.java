package dev.openlines.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;

/** The ingestion rules every webhook is held to, as reusable checks. */
public final class WebhookPosts {

  private WebhookPosts() {}

  /** Posts the same body from 20 threads at once; every post must be acknowledged with 200. */
  public static void deliverConcurrently(int times, java.util.concurrent.Callable<ResponseEntity<String>> post) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(times);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ResponseEntity<String>>> responses = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        responses.add(pool.submit(() -> {
          start.await();
          return post.call();
        }));
      }
      start.countDown();
      for (Future<ResponseEntity<String>> response : responses) {
        assertThat(response.get(60, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * 1,015 mutations of a valid body (cut short, fields retyped, bytes flipped, nulls): signed correctly by
   * {@code post}, each must get a 2xx or 4xx answer, and a 4xx must be a problem that names no Java class.
   */
  public static void fuzz(String validBody, Function<String, ResponseEntity<String>> post) {
    Random random = new Random(42);
    List<String> bodies = new ArrayList<>(List.of("", "null", "[]", "{}", "\"text\"", "42", "{\"entry\": 7}", "{\"object\": {}}",
        validBody.replaceAll("\"[a-z_]+\": *\"[^\"]*\"", "\"x\": 1"),
        validBody.replaceAll(":\\s*\"", ": 1, \"y\": \""),
        validBody.replaceAll("\\[", "[null,"),
        validBody.replaceAll("\\{", "{\"a\": [],"),
        validBody.replaceAll("\"[0-9]{6,}\"", "\"-1\""),
        validBody.replaceAll("\"[0-9]{6,}\"", "{}"),
        validBody.replaceAll("[0-9]{9,}", "99999999999999999999999")));
    byte[] bytes = validBody.getBytes(StandardCharsets.UTF_8);
    // 1,000 and more bodies per endpoint, as for every inbound endpoint (InboundBodyFuzzTest).
    for (int i = 0; i < 500; i++) {
      bodies.add(validBody.substring(0, random.nextInt(validBody.length())));
      byte[] flipped = bytes.clone();
      flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(128);
      bodies.add(new String(flipped, StandardCharsets.UTF_8));
    }
    for (String body : bodies) {
      ResponseEntity<String> response = post.apply(body);
      assertThat(response.getStatusCode().value()).as("answer to %s", body).isLessThan(500);
      if (response.getStatusCode().is4xxClientError()) {
        assertThat(response.getHeaders().getContentType()).as("content type for %s", body).hasToString("application/problem+json");
        assertThat(response.getBody()).as("problem for %s", body).doesNotContainPattern("(java|jakarta|com\\.fasterxml|dev\\.openlines)\\.");
      }
    }
  }
}
