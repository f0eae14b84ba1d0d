package dev.openlines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.harness.OpenLinesHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drain: operators at their chat limit (1), more conversations waiting than there will be releases; in each round
 * K operators close their conversation at the same moment, and the bench measures, per freed slot, the time from
 * the close request to the next waiting conversation's offer (the server's {@code offeredAt}). A slot not offered
 * within {@link #TIMEOUT} counts as missed: a client left waiting next to a free operator.
 */
final class DrainStep {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private DrainStep() {}

  /**
   * On its own channel and operators ({@code drain-op-*}) of the running app. The first {@code warmUp} rounds are
   * not measured: they are the first closes the service's JVM ever runs (its close path still interpreted), which a
   * service in production runs thousands of times before; each measured round is printed.
   */
  static String run(OpenLinesHttp http, int operators, int k, int warmUp, int rounds) throws Exception {
    Setup.Operators team = Setup.operators(http, "drain-op-", operators);
    Setup.line(http, "drain-line", "drain-chat", team, Duration.ofHours(12), 1);
    List<String> keys = team.keys();
    int waiting = k * (warmUp + rounds) + k;
    for (int i = 0; i < operators + waiting; i++) {
      String token = http.startChat("drain-chat", "Visitor " + i).require2xx("start chat").text("token");
      http.sendAsVisitor(token, "first", "Waiting visitor " + i).require2xx("first message");
    }
    Map<Integer, String> held = new HashMap<>();
    for (int op = 0; op < operators; op++) {
      String offered = awaitOffer(http, keys.get(op), Duration.ofMinutes(5));
      if (offered != null) {
        http.post("/api/conversations/" + offered + "/answer", keys.get(op), Map.of()).require2xx("answer");
        held.put(op, offered);
      }
    }
    System.out.printf("%s drain: %d of %d operators hold a conversation, %d waiting, load %s%n", Instant.now(), held.size(),
        operators, waiting, Machine.loadAverage());

    List<Double> millis = new ArrayList<>();
    int missed = 0;
    try (ExecutorService closers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int round = 0; round < warmUp + rounds; round++) {
        boolean measured = round >= warmUp;
        List<Integer> releasing = new ArrayList<>();
        for (int i = 0; i < operators && releasing.size() < k; i++) {
          int op = (round * k + i) % operators;
          if (held.containsKey(op)) releasing.add(op);
        }
        Instant closedAt = Instant.now();
        List<Future<OpenLinesHttp.Answer>> closes = new ArrayList<>();
        for (int op : releasing) {
          String conversation = held.remove(op);
          String key = keys.get(op);
          closes.add(closers.submit(() -> http.post("/api/conversations/" + conversation + "/close", key, Map.of())));
        }
        List<Long> answeredAfter = new ArrayList<>();
        for (Future<OpenLinesHttp.Answer> close : closes) {
          close.get().require2xx("close");
          answeredAfter.add(Duration.between(closedAt, Instant.now()).toMillis());
        }
        // Where the time goes: before the closes are answered (the close request, whose release wakes the next
        // conversation), or after (the engine and the offer job).
        System.out.printf("  round %d: closes answered within %s ms%n", round, answeredAfter);
        for (int op : releasing) {
          Instant deadline = closedAt.plus(TIMEOUT);
          JsonNode offer = awaitOfferNode(http, keys.get(op), deadline);
          if (offer == null) {
            missed += measured ? 1 : 0;
            System.out.printf("  round %d (%s): operator %d not offered within %d s%n", round,
                measured ? "measured" : "warm-up", op, TIMEOUT.toSeconds());
            continue;
          }
          double took = Duration.between(closedAt, Instant.parse(offer.path("offeredAt").asText())).toNanos() / 1e6;
          System.out.printf("  round %d (%s): operator %d offered the next conversation %.0f ms after the close%n", round,
              measured ? "measured" : "warm-up", op, took);
          if (measured) {
            millis.add(took);
          }
          String next = offer.path("conversationId").asText();
          http.post("/api/conversations/" + next + "/answer", keys.get(op), Map.of()).require2xx("answer");
          held.put(op, next);
        }
      }
    }
    return String.format(
        "RESULT drain: %d operators x limit 1, %d rounds of %d simultaneous closes after %d warm-up rounds: freed slot -> next offered p50=%.0f ms"
            + " p99=%.0f ms max=%.0f ms, offered %d, missed (no offer within %d s) %d, load %s",
        operators, rounds, k, warmUp, Bench.percentile(millis, 50), Bench.percentile(millis, 99),
        millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), millis.size(), TIMEOUT.toSeconds(), missed,
        Machine.loadAverage());
  }

  private static String awaitOffer(OpenLinesHttp http, String key, Duration timeout) throws Exception {
    JsonNode offer = awaitOfferNode(http, key, Instant.now().plus(timeout));
    return offer == null ? null : offer.path("conversationId").asText();
  }

  /** Polls one inbox every 50 ms until it shows an offer. */
  private static JsonNode awaitOfferNode(OpenLinesHttp http, String key, Instant deadline) throws Exception {
    while (Instant.now().isBefore(deadline)) {
      JsonNode offers = http.inbox(key).path("offers");
      if (!offers.isEmpty()) {
        return offers.get(0);
      }
      Bench.pause(Duration.ofMillis(50));
    }
    return null;
  }
}
