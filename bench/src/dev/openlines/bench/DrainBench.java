package dev.openlines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * "No client waits next to a free operator", measured from outside: drives a running OpenLines through
 * its public HTTP API only (admin API, live chat, operator inbox / answer / close / presence).
 *
 * <p>Part 1, simultaneous releases: {@code operators} operators with chat limit {@code limit} hold full
 * slots and at least as many conversations wait as slots are released; each round every operator closes
 * one conversation at the same instant, and the time until all freed slots show an offer in the
 * operators' inboxes is measured; {@code rounds} rounds, p50 / p99 / max.
 *
 * <p>Part 2, randomized ({@code randomSeconds}, 0 to skip): operators answer every offer they see, close
 * conversations at random, go offline and online, and the channel's chat limit changes; visitors keep
 * arriving. A monitor reads every operator's inbox every {@code pollMillis} and counts episodes longer
 * than 2 s in which a conversation waited (not offered, not held) while an online operator had a free
 * slot. The reconciler's repairs are read from /actuator/prometheus before and after.
 *
 * <pre>
 * mvn -B -q -Pbench test -Dbench.main=dev.openlines.bench.DrainBench \
 *     -Dbench.args="base=http://127.0.0.1:8102 adminKey=... operators=3 limit=2 waiting=6 rounds=30 randomSeconds=600"
 * </pre>
 */
public final class DrainBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TOO_LONG = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String adminKey;
  private final String prefix = "drain-" + UUID.randomUUID().toString().substring(0, 6);
  private final Map<String, String> operatorKeys = new HashMap<>();
  private String channelId;
  private String connectorId;

  private DrainBench(String base, String adminKey) {
    this.base = base;
    this.adminKey = adminKey;
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    String adminKey = a.values().get("adminKey");
    if (adminKey == null) {
      throw new IllegalArgumentException("adminKey=<the service's ADMIN key> is required");
    }
    DrainBench bench = new DrainBench(a.values().getOrDefault("base", "http://127.0.0.1:8102"), adminKey);
    int operators = a.integer("operators", 3);
    int limit = a.integer("limit", 2);
    int waiting = a.integer("waiting", operators * 2);
    int rounds = a.integer("rounds", 30);
    // A running service has compiled its hot paths; the first rounds of a fresh one measure the JIT.
    int warmupRounds = a.integer("warmupRounds", 5);
    int randomSeconds = a.integer("randomSeconds", 0);
    long pollMillis = a.integer("pollMillis", 100);
    bench.setUp(operators, limit);
    double repairsBefore = bench.repairs();
    if (rounds > 0) {
      bench.releases(limit, waiting, warmupRounds, rounds, pollMillis);
    }
    if (randomSeconds > 0) {
      bench.randomized(limit, waiting, Duration.ofSeconds(randomSeconds), pollMillis);
    }
    System.out.printf("reconciler repairs during the run: %.0f%n", bench.repairs() - repairsBefore);
    System.exit(0);
  }

  private void setUp(int operators, int limit) throws Exception {
    List<Map<String, String>> entries = new ArrayList<>();
    for (int i = 1; i <= operators; i++) {
      String id = prefix + "-op" + i;
      admin("POST", "/api/admin/operators", Map.of("id", id, "name", "Operator " + i));
      JsonNode key = admin("POST", "/api/admin/api-keys",
          Map.of("userId", id, "displayName", id, "roles", List.of("OPERATOR"), "operatorId", id));
      operatorKeys.put(id, key.get("key").asText());
      presence(id, "ONLINE");
      entries.add(Map.of("kind", "OPERATOR", "id", id));
    }
    channelId = prefix;
    admin("POST", "/api/admin/channels", channel(entries, limit));
    connectorId = prefix + "-chat";
    admin("POST", "/api/admin/channels/" + channelId + "/connectors",
        Map.of("id", connectorId, "type", "livechat", "liveChat", Map.of("consentRequired", false),
            // every visitor of the bench comes from this one address: the per-address abuse limits are raised
            "rateLimits", Map.of("chatStartsPerMinutePerAddress", 100_000, "messagesPerMinutePerAddress", 100_000,
                "messagesPerMinutePerSession", 100_000, "maxWaitingConversations", 100_000)));
    System.out.printf("set up: channel %s, %d operators, chat limit %d (EVENLY)%n", channelId, operators, limit);
  }

  private Map<String, Object> channel(List<Map<String, String>> entries, int limit) {
    return Map.of("id", channelId, "name", "Drain bench", "timeZone", "UTC",
        "queue", Map.of("entries", entries, "mode", "EVENLY", "idleTime", "PT12H", "chatLimit", limit,
            "limitExclusion", "CLOSED", "checkAvailability", true));
  }

  /** Part 1: K operators close one conversation each at the same instant; time until K offers show. */
  private void releases(int limit, int waiting, int warmupRounds, int rounds, long pollMillis) throws Exception {
    List<String> operators = new ArrayList<>(operatorKeys.keySet());
    int slots = operators.size() * limit;
    // Fill every slot and hold it, then queue the waiting ones.
    Set<String> visitors = new HashSet<>();
    for (int i = 0; i < slots; i++) {
      visitors.add(visitorWrites());
    }
    awaitHeld(slots, pollMillis);
    for (int i = 0; i < waiting; i++) {
      visitors.add(visitorWrites());
    }
    List<Long> millis = new ArrayList<>();
    List<Long> polledMillis = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(operators.size());
    // The operators' screens: each console holds its event stream and shows an offer when its event arrives.
    OfferWatcher screens = new OfferWatcher(new dev.openlines.harness.OpenLinesHttp(base, Duration.ofSeconds(30)), base,
        operators.stream().map(operatorKeys::get).toList());
    screens.start();
    for (int round = 1 - warmupRounds; round <= rounds; round++) {
      Map<String, String> toClose = new HashMap<>();
      for (String operator : operators) {
        toClose.put(operator, inbox(operator).get("conversations").get(0).get("conversationId").asText());
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> closes = new ArrayList<>();
      for (var entry : toClose.entrySet()) {
        closes.add(pool.submit(() -> {
          go.await();
          return operator("POST", entry.getKey(), "/api/conversations/" + entry.getValue() + "/close", Map.of());
        }));
      }
      long start = System.nanoTime();
      java.time.Instant startedAt = java.time.Instant.now();
      go.countDown();
      for (Future<?> close : closes) {
        close.get();
      }
      // Every freed slot shows an offer of a waiting conversation.
      Map<String, JsonNode> offers;
      while (true) {
        offers = new HashMap<>();
        for (String operator : operators) {
          for (JsonNode offer : inbox(operator).get("offers")) {
            offers.put(offer.get("conversationId").asText(), offer);
          }
        }
        if (offers.size() >= operators.size() || System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
          break;
        }
        Thread.sleep(pollMillis / 4);
      }
      long polled = Duration.ofNanos(System.nanoTime() - start).toMillis();
      Map<String, java.time.Instant> shown;
      long waitedFrom = System.nanoTime();
      while ((shown = screens.firstSeenSince(startedAt)).size() < operators.size()
          && System.nanoTime() - waitedFrom < Duration.ofSeconds(10).toNanos()) {
        Thread.sleep(5);
      }
      long took = shown.size() < operators.size() ? -1
          : Duration.between(startedAt, java.util.Collections.max(shown.values())).toMillis();
      if (round > 0) {
        millis.add(took < 0 ? polled : took);
        polledMillis.add(polled);
      }
      System.out.printf("%s %2d: %d slots freed, %d offered; all on the operators' screens after %d ms (inbox polls saw them after %d ms)%n",
          round > 0 ? "round" : "warm-up", round > 0 ? round : round + warmupRounds, operators.size(), offers.size(), took, polled);
      // Take the offers (slots full again) and queue as many new visitors.
      for (String operator : operators) {
        for (JsonNode offer : inbox(operator).get("offers")) {
          operator("POST", operator, "/api/conversations/" + offer.get("conversationId").asText() + "/answer", Map.of());
        }
      }
      awaitHeld(slots, pollMillis);
      for (int i = 0; i < operators.size(); i++) {
        visitorWrites();
      }
    }
    pool.shutdownNow();
    screens.close();
    Collections.sort(millis);
    Collections.sort(polledMillis);
    System.out.printf("simultaneous releases: K=%d, W=%d, %d rounds after %d warm-up rounds: on the operators' screens (event streams)"
            + " p50 %d ms, p99 %d ms, max %d ms; inbox polling p50 %d ms, p99 %d ms (stream reconnects %d)%n",
        operators.size(), waiting, rounds, warmupRounds, percentile(millis, 50), percentile(millis, 99), millis.getLast(),
        percentile(polledMillis, 50), percentile(polledMillis, 99), screens.reconnects());
  }

  /** Part 2: random closes, presence changes and limit changes; episodes of waiting next to a free slot. */
  private void randomized(int limit, int waiting, Duration duration, long pollMillis) throws Exception {
    List<String> operators = new ArrayList<>(operatorKeys.keySet());
    Random random = new Random(42);
    Map<String, Boolean> online = new ConcurrentHashMap<>();
    operators.forEach(o -> online.put(o, true));
    int[] currentLimit = {limit};
    Set<String> open = ConcurrentHashMap.newKeySet();
    Instant end = Instant.now().plus(duration);
    Instant freeSlotWaitSince = null;
    int episodes = 0;
    long longestMillis = 0;
    int actions = 0;
    long nextAction = System.nanoTime();
    while (Instant.now().isBefore(end)) {
      // Read every inbox once: what is offered, what is held, by whom.
      Map<String, Integer> busy = new HashMap<>();
      Set<String> seen = new HashSet<>();
      Map<String, List<String>> held = new HashMap<>();
      for (String operator : operators) {
        JsonNode inbox = inbox(operator);
        int count = 0;
        for (JsonNode offer : inbox.get("offers")) {
          String id = offer.get("conversationId").asText();
          seen.add(id);
          count++;
          // Operators answer what they are offered (a real operator takes a moment; the monitor counts it as held).
          if (online.get(operator)) {
            operator("POST", operator, "/api/conversations/" + id + "/answer", Map.of());
          }
        }
        List<String> mine = new ArrayList<>();
        for (JsonNode conversation : inbox.get("conversations")) {
          String id = conversation.get("conversationId").asText();
          seen.add(id);
          mine.add(id);
          count++;
        }
        held.put(operator, mine);
        busy.put(operator, count);
      }
      boolean freeSlot = operators.stream().anyMatch(o -> online.get(o) && busy.get(o) < currentLimit[0]);
      long waitingNow = open.stream().filter(id -> !seen.contains(id)).count();
      if (freeSlot && waitingNow > 0) {
        if (freeSlotWaitSince == null) {
          freeSlotWaitSince = Instant.now();
        }
      } else if (freeSlotWaitSince != null) {
        long lasted = Duration.between(freeSlotWaitSince, Instant.now()).toMillis();
        longestMillis = Math.max(longestMillis, lasted);
        if (lasted > TOO_LONG.toMillis()) {
          episodes++;
          System.out.printf("%s: waited %d ms next to a free slot%n", Instant.now(), lasted);
        }
        freeSlotWaitSince = null;
      }
      // Keep `waiting` conversations queued beyond the held slots.
      while (waitingNow < waiting) {
        open.add(visitorWrites());
        waitingNow++;
      }
      if (System.nanoTime() >= nextAction) {
        actions++;
        nextAction = System.nanoTime() + Duration.ofMillis(200 + random.nextInt(600)).toNanos();
        String operator = operators.get(random.nextInt(operators.size()));
        int dice = random.nextInt(10);
        if (dice < 6 && !held.get(operator).isEmpty()) {
          String id = held.get(operator).get(random.nextInt(held.get(operator).size()));
          operator("POST", operator, "/api/conversations/" + id + "/close", Map.of());
          open.remove(id);
        } else if (dice < 8) {
          boolean now = !online.get(operator);
          presence(operator, now ? "ONLINE" : "OFFLINE");
          online.put(operator, now);
        } else {
          currentLimit[0] = 1 + random.nextInt(limit + 1);
          List<Map<String, String>> entries = operators.stream().sorted().map(o -> Map.of("kind", "OPERATOR", "id", o)).toList();
          admin("PUT", "/api/admin/channels/" + channelId, channel(entries, currentLimit[0]));
        }
      }
      Thread.sleep(pollMillis);
    }
    System.out.printf(
        "randomized %d s: %d actions, %d waits > %d s next to a free slot, longest such wait %d ms%n",
        duration.toSeconds(), actions, episodes, TOO_LONG.toSeconds(), longestMillis);
  }

  private void awaitHeld(int slots, long pollMillis) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      int held = 0;
      for (String operator : operatorKeys.keySet()) {
        JsonNode inbox = inbox(operator);
        for (JsonNode offer : inbox.get("offers")) {
          operator("POST", operator, "/api/conversations/" + offer.get("conversationId").asText() + "/answer", Map.of());
        }
        held += inbox.get("conversations").size();
      }
      if (held >= slots) {
        return;
      }
      Thread.sleep(pollMillis);
    }
    throw new IllegalStateException("the operators' slots did not fill within 120 s");
  }

  private String visitorWrites() throws Exception {
    JsonNode chat = send(HttpRequest.newBuilder(URI.create(base + "/livechat/" + connectorId + "/chats")), "POST", Map.of("name", "Visitor"));
    JsonNode message = send(
        HttpRequest.newBuilder(URI.create(base + "/livechat/messages")).header("X-LiveChat-Token", chat.get("token").asText()),
        "POST",
        Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "Hello"));
    return message.get("conversationId").asText();
  }

  private void presence(String operatorId, String presence) throws Exception {
    operator("PUT", operatorId, "/api/operators/me/presence", Map.of("presence", presence));
  }

  private JsonNode inbox(String operatorId) throws Exception {
    return send(authorized("/api/operator/inbox", operatorKeys.get(operatorId)), "GET", null);
  }

  private JsonNode operator(String method, String operatorId, String path, Object body) throws Exception {
    try {
      return send(authorized(path, operatorKeys.get(operatorId)), method, body);
    } catch (IllegalStateException conflict) {
      // An offer that moved on or a conversation closed meanwhile: part of a random run.
      return null;
    }
  }

  private JsonNode admin(String method, String path, Object body) throws Exception {
    return send(authorized(path, adminKey), method, body);
  }

  private HttpRequest.Builder authorized(String path, String key) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key);
  }

  private JsonNode send(HttpRequest.Builder request, String method, Object body) throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher =
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    HttpResponse<String> response = http.send(
        request.header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).method(method, publisher).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + response.uri() + " -> " + response.statusCode() + ": " + response.body());
    }
    return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private double repairs() throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
    return response.body().lines()
        .filter(line -> line.startsWith("openlines_routing_reconciler_repairs_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static long percentile(List<Long> sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
