package dev.openlines.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core promise under crashes, from outside: the packaged application on a data directory of its own,
 * live-chat visitors writing concurrently over HTTP, the JVM killed with SIGKILL at random points and started
 * again on the same data. Then it counts, through the public API only: messages acknowledged with 2xx, stored
 * (visible to the operator the conversation is offered to or held by), duplicated (a client message id stored
 * twice), and conversations stuck (in no operator's inbox within the channel's idle time plus a margin for a
 * loaded machine after the last restart).
 *
 * <p>Sizes are system properties so the same test makes the reliability table (docs/reliability.md):
 * {@code fault.messages} (200), {@code fault.conversations} (20), {@code fault.kills} (2), {@code fault.runs} (1),
 * {@code fault.rate} (messages per second over all visitors, 20), {@code fault.seed} (random). Each run appends a
 * line to {@code target/fault-suite/results.txt}.
 */
class CrashRecoveryIT {

  private static final Duration IDLE_TIME = Duration.ofMinutes(1);
  private static final Duration STUCK_MARGIN = Duration.ofSeconds(90);

  private final int messages = Integer.getInteger("fault.messages", 200);
  private final int conversations = Integer.getInteger("fault.conversations", 20);
  private final int kills = Integer.getInteger("fault.kills", 2);
  private final int runs = Integer.getInteger("fault.runs", 1);
  private final double rate = Double.parseDouble(System.getProperty("fault.rate", "20"));
  private final long seed = Long.getLong("fault.seed", new Random().nextLong());

  @TempDir Path temp;

  @Test
  void acknowledgedMessagesSurviveSigkillAndEveryConversationIsRoutedAgain() throws Exception {
    List<RunResult> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      RunResult result = run(run, new Random(seed + run));
      results.add(result);
      System.out.println(result.line());
      Path report = Path.of("target", "fault-suite", "results.txt");
      Files.createDirectories(report.getParent());
      Files.writeString(report, result.line() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    for (RunResult result : results) {
      assertThat(result.lost).as("acknowledged (2xx) but not stored, in " + result.line() + result.lostDetail()).isEmpty();
      assertThat(result.rejected).as("messages refused with 4xx (a visitor's session lost?) in " + result.line()).isEmpty();
      assertThat(result.duplicated).as("stored more than once, in " + result.line()).isEmpty();
      assertThat(result.stuck).as("conversations in no operator's inbox " + IDLE_TIME.plus(STUCK_MARGIN)
          + " after the last restart, in " + result.line()).isEmpty();
    }
  }

  private RunResult run(int run, Random random) throws Exception {
    Path dataDir = temp.resolve("run-" + run);
    int port = PackagedApp.freePort();
    try (PackagedApp app = PackagedApp.on(dataDir, port, List.of("-Xmx1g"), List.of())) {
      app.start(PackagedApp.START_TIMEOUT);
      OpenLinesHttp http = new OpenLinesHttp(app.baseUrl(), Duration.ofSeconds(30));
      Map<String, String> operatorKeys = setUpChannel(http, Math.max(4, conversations / 5));

      try (VisitorLoad load = new VisitorLoad(http, "site-chat", conversations, messages, rate)) {
        return drive(run, random, app, http, operatorKeys, load);
      }
    }
  }

  private RunResult drive(int run, Random random, PackagedApp app, OpenLinesHttp http, Map<String, String> operatorKeys,
      VisitorLoad load) throws Exception {
    load.startSessions();
    List<Integer> killPoints = killPoints(random);
    load.start();
    Instant lastStart = Instant.now();
    for (int killPoint : killPoints) {
      load.awaitAcknowledged(killPoint, PackagedApp.START_TIMEOUT);
      load.killed(app::kill);
      app.start(PackagedApp.START_TIMEOUT);
      lastStart = Instant.now();
      load.restarted();
    }
    load.awaitAllAnswered(PackagedApp.START_TIMEOUT.multipliedBy(2));

    Map<String, String> holderOf = awaitEveryConversationInAnInbox(http, operatorKeys, load.conversationIds());
    Duration routedAfter = Duration.between(lastStart, Instant.now());
    Map<String, Integer> stored = storedClientMessages(http, holderOf);

    RunResult result = new RunResult(run, seed + run, killPoints, load, routedAfter);
    Set<String> acknowledged = load.acknowledged().keySet();
    acknowledged.stream().filter(id -> !stored.containsKey(id)).forEach(result.lost::add);
    stored.forEach((id, count) -> {
      if (count > 1) result.duplicated.add(id);
    });
    load.conversationIds().stream().filter(id -> !holderOf.containsKey(id)).forEach(result.stuck::add);
    result.rejected.addAll(load.rejected());
    result.storedCount = (int) acknowledged.stream().filter(stored::containsKey).count();
    return result;
  }

  /** Kill points spread over the run: the j-th kill after a random count of acknowledged messages in its own slice. */
  private List<Integer> killPoints(Random random) {
    List<Integer> points = new ArrayList<>();
    int slice = messages / (kills + 1);
    for (int j = 1; j <= kills; j++) {
      points.add(j * slice - slice / 2 + random.nextInt(Math.max(1, slice)));
    }
    return points;
  }

  /** A channel with operators online, no chat limit (capacity never decides here), and a live-chat connector. */
  private Map<String, String> setUpChannel(OpenLinesHttp http, int operators) throws IOException, InterruptedException {
    String admin = PackagedApp.ADMIN_KEY;
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= operators; i++) {
      ids.add("op-" + i);
      http.createOperator(admin, "op-" + i);
    }
    http.createEvenlyChannel(admin, "fault-line", ids, IDLE_TIME, null);
    http.createLiveChatConnector(admin, "fault-line", "site-chat");
    Map<String, String> keys = new HashMap<>();
    for (String id : ids) {
      keys.put(id, http.createOperatorKey(admin, id));
      http.goOnline(keys.get(id));
    }
    return keys;
  }

  /**
   * Conversation id -> key of an operator whose inbox shows it (offered or held). Waits until every conversation
   * is in one, or the idle time plus the margin passed; the ones still missing then are stuck.
   */
  private Map<String, String> awaitEveryConversationInAnInbox(
      OpenLinesHttp http, Map<String, String> operatorKeys, Set<String> conversationIds) {
    AtomicReference<Map<String, String>> seen = new AtomicReference<>(Map.of());
    try {
      await().atMost(IDLE_TIME.plus(STUCK_MARGIN)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        Map<String, String> holderOf = new HashMap<>();
        for (String key : operatorKeys.values()) {
          JsonNode inbox = http.inbox(key);
          inbox.path("offers").forEach(offer -> holderOf.put(offer.path("conversationId").asText(), key));
          inbox.path("conversations").forEach(held -> holderOf.put(held.path("conversationId").asText(), key));
        }
        seen.set(holderOf);
        return holderOf.keySet().containsAll(conversationIds);
      });
    } catch (ConditionTimeoutException stuck) {
      // counted by the caller: the conversations missing from every inbox
    }
    return seen.get();
  }

  /** Client message id -> how often it is stored, over every conversation an operator can read. */
  private Map<String, Integer> storedClientMessages(OpenLinesHttp http, Map<String, String> holderOf) throws Exception {
    Map<String, Integer> stored = new ConcurrentHashMap<>();
    // Read as a supervisor: an offer may move to the next operator (idle time) between the inbox read and this.
    String supervisor = http.createSupervisorKey(PackagedApp.ADMIN_KEY, "fault-supervisor-" + java.util.UUID.randomUUID());
    for (Map.Entry<String, String> entry : holderOf.entrySet()) {
      OpenLinesHttp.Answer answer = http.transcript(supervisor, entry.getKey()).require2xx("messages of " + entry.getKey());
      for (JsonNode message : answer.body()) {
        if ("CLIENT".equals(message.path("author").asText())) {
          stored.merge(message.path("externalMessageId").asText(), 1, Integer::sum);
        }
      }
    }
    return stored;
  }

  /** The counts of one run, and the line it adds to the reliability results. */
  static final class RunResult {
    final int run;
    final long seed;
    final List<Integer> killPoints;
    final VisitorLoad load;
    final Duration routedAfter;
    final Set<String> lost = new TreeSet<>();
    final Set<String> duplicated = new TreeSet<>();
    final Set<String> stuck = new TreeSet<>();
    final Set<String> rejected = new TreeSet<>();
    int storedCount;

    RunResult(int run, long seed, List<Integer> killPoints, VisitorLoad load, Duration routedAfter) {
      this.run = run;
      this.seed = seed;
      this.killPoints = killPoints;
      this.load = load;
      this.routedAfter = routedAfter;
    }

    String line() {
      return String.format(
          "FAULT run=%d seed=%d messages=%d conversations=%d kills=%d killedAfterAcks=%s accepted=%d stored=%d lost=%d"
              + " duplicated=%d rejected=%d stuck=%d allInInboxesAfter=%ds at=%s",
          run, seed, load.messageCount(), load.conversationIds().size(), killPoints.size(), killPoints,
          load.acknowledged().size(), storedCount, lost.size(), duplicated.size(), rejected.size(), stuck.size(),
          routedAfter.toSeconds(), Instant.now());
    }

    /** For each lost message, how long before the kill that followed it it was acknowledged. */
    String lostDetail() {
      StringBuilder detail = new StringBuilder();
      for (String id : lost) {
        Instant acked = load.acknowledged().get(id);
        Duration beforeKill = load.killTimes().stream()
            .filter(kill -> !kill.isBefore(acked))
            .findFirst()
            .map(kill -> Duration.between(acked, kill))
            .orElse(null);
        detail.append("\n  ").append(id).append(" acknowledged ")
            .append(beforeKill == null ? "after the last kill" : beforeKill.toMillis() + " ms before a SIGKILL");
      }
      return detail.toString();
    }
  }
}
