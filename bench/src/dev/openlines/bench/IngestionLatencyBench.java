package dev.openlines.bench;

import dev.openlines.OpenLinesApplication;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Benchmark (c): ingestion latency. Boots the whole application on the embedded runtime (engine,
 * in-memory store, every job worker), then hands {@code messages} client messages across
 * {@code conversations} conversations to {@link InboundMessageService#receive} at {@code rate}
 * messages/s from {@code senders} threads, as webhooks would. Each conversation's messages arrive in
 * order, interleaved at random with the other conversations' (fixed seed). The first message of a
 * conversation queues its process start, the others a {@code client-message}.
 *
 * <p>Measured per outbox command, from the store: queued ({@code createdAt}, when receive() stored
 * it) to accepted by the engine ({@code deliveredAt}), split into starts (the engine created the
 * instance when it accepted the start message) and client messages (published for correlation).
 * Prints p50/p95/p99/max and the time until everything was delivered.
 *
 * <p>Arguments (key=value, optional): messages=2000 conversations=500 rate=200 senders=8
 */
public final class IngestionLatencyBench {

  public static void main(String[] args) throws Exception {
    BenchArgs arguments = BenchArgs.parse(args);
    int messages = arguments.integer("messages", 2000);
    int conversations = arguments.integer("conversations", 500);
    int rate = arguments.integer("rate", 200);
    int senders = arguments.integer("senders", 8);
    System.out.printf("%s ingestion latency: messages=%d conversations=%d rate=%d/s senders=%d load=%s%n",
        Instant.now(), messages, conversations, rate, senders, loadAverage());

    ConfigurableApplicationContext app = new SpringApplicationBuilder(OpenLinesApplication.class)
        .properties(Map.of(
            "server.port", "0",
            "openlines.embedded.engine.state-dir", "target/bench-ingestion-engine",
            "openlines.embedded.engine.record-retention", "1000",
            "logging.level.root", "warn",
            "logging.level.org.mongodb", "error",
            "logging.level.de.bwaldvogel", "error"))
        .run();
    try {
      run(app, messages, conversations, rate, senders);
    } finally {
      app.close();
    }
    System.exit(0);
  }

  private static void run(ConfigurableApplicationContext app, int messages, int conversations, int rate, int senders)
      throws Exception {
    InboundMessageService ingestion = app.getBean(InboundMessageService.class);
    MongoTemplate mongo = app.getBean(MongoTemplate.class);
    Clock clock = app.getBean(Clock.class);
    RoutingFixtures fixtures =
        new RoutingFixtures(app.getBean(ChannelService.class), app.getBean(OperatorService.class), mongo);
    List<String> operators = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      operators.add(fixtures.operator("operator-" + i));
    }
    String channel = fixtures.channel("bench", DistributionMode.EVENLY, 50, operators.toArray(String[]::new));
    ConnectorSettings connector = app.getBean(ConnectorSettingsService.class).create(
        new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1_000_000, null, new LiveChatSettings(false, null)));

    // Conversation i gets messages i, i + conversations, ...; shuffled, then each conversation's
    // messages are put back into their own order.
    List<Integer> order = new ArrayList<>();
    for (int n = 0; n < messages; n++) {
      order.add(n % conversations);
    }
    Collections.shuffle(order, new Random(42));
    Map<Integer, Integer> sentPerConversation = new ConcurrentHashMap<>();

    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long periodNanos = 1_000_000_000L / rate;
    long started = System.nanoTime();
    List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
    for (int n = 0; n < order.size(); n++) {
      int conversation = order.get(n);
      int index = sentPerConversation.merge(conversation, 1, Integer::sum);
      long due = started + n * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String clientId = "client-" + conversation;
      InboundMessage message = new InboundMessage(connector.type(), connector.id(), "m-" + conversation + "-" + index, clientId,
          null, "message " + index, List.of(), false, clock.instant());
      // A client's messages are sent one after another (a messenger delivers a chat in order).
      sends.add(pool.submit(() -> {
        synchronized (clientId.intern()) {
          ingestion.receive(message, connector);
        }
      }));
    }
    for (var send : sends) {
      send.get();
    }
    pool.shutdown();
    double sendSeconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("all %d messages received in %.1f s (%.0f/s)%n", messages, sendSeconds, messages / sendSeconds);

    Query pending = Query.query(Criteria.where("deliveredAt").is(null));
    while (mongo.count(pending, ProcessCommand.class) > 0) {
      if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
        throw new IllegalStateException("not all commands delivered within 10 minutes");
      }
      Thread.sleep(50);
    }
    double drainSeconds = (System.nanoTime() - started) / 1e9;

    List<ProcessCommand> commands = mongo.find(Query.query(Criteria.where("deliveredAt").ne(null)), ProcessCommand.class);
    List<Long> starts = new ArrayList<>();
    List<Long> clientMessages = new ArrayList<>();
    int retried = 0;
    for (ProcessCommand command : commands) {
      long millis = Duration.between(command.createdAt(), command.deliveredAt()).toMillis();
      (command.kind() == ProcessCommand.Kind.START_CONVERSATION ? starts : clientMessages).add(millis);
      retried += command.attempts() > 0 ? 1 : 0;
    }
    System.out.printf("everything delivered %.1f s after the first message; %d commands, %d needed a retry; load=%s%n",
        drainSeconds, commands.size(), retried, loadAverage());
    print("queued -> engine accepted, process starts ", starts);
    print("queued -> engine accepted, client messages", clientMessages);
  }

  private static void print(String what, List<Long> millis) {
    if (millis.isEmpty()) {
      System.out.printf("%s: none%n", what);
      return;
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("%s: n=%d p50=%d ms p95=%d ms p99=%d ms max=%d ms%n",
        what, sorted.size(), percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.getLast());
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static String loadAverage() {
    return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
