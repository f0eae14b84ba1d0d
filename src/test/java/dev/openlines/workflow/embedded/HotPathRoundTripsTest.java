package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.openlines.channel.ChannelService;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.routing.RoutingStatus;
import dev.openlines.security.ApiKeyService;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.http.HttpMethod;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.ConversationFirstOffered;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.workflow.embedded.store.StoreStats;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import dev.openlines.workflow.embedded.gateway.GatewayCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The regression guard of issue 16's round trips: one new live-chat conversation, from the visitor's
 * first message through HTTP to its first offer, may cost at most so many store commands and engine
 * jobs. Throughput on a shared machine is too noisy to guard; the number of round trips is not.
 *
 * <p>A context of its own with every scheduled poller slowed to an hour, so that what is counted is
 * the conversation's own work, not a relay poll or a reconciler pass that happened to fall inside; and
 * with the settings caches and the intake's overload check kept for an hour, as they are at any rate
 * above a conversation every second or two (their reads are per interval, not per conversation).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "openlines.ingestion.relay.poll-interval=PT1H",
      "openlines.routing.reconciler.interval=PT1H",
      "openlines.metrics.queue-refresh=PT1H",
      "openlines.connectors.email.reconcile-interval=PT1H",
      "openlines.messages.retry-poll-interval=PT1H",
      "openlines.settings.cache-ttl=PT1H",
      "openlines.ingestion.admission.check-interval=PT1H"
    })
class HotPathRoundTripsTest {

  private static final Logger log = LoggerFactory.getLogger(HotPathRoundTripsTest.class);
  static final Duration WAIT = Duration.ofSeconds(60);
  static final int MEASURED = 3;

  /**
   * Upper bounds per conversation. Before the cuts of issue 16: 43 commands to the first offer (50 with the
   * settings caches cold), 4 jobs; 34 commands and 4 jobs before the second round of cuts (2026-12-03), 30
   * and 3 before the outbox kept its delivered commands in place (2026-12-05), now 28 and 3. One more is allowed for the driver's occasional housekeeping command ({@code getlasterror}).
   * The jobs: conversation.link-process, crm.identify and routing.offer; routing.check-responsible runs only
   * for a client with a responsible operator or a transfer to another channel (the channel's mode comes with
   * the start message), not for the usual new visitor counted here.
   */
  static final long MAX_STORE_COMMANDS = 29;
  static final long MAX_JOBS = 3;
  /** The three jobs to the first offer, one barrier each at most. */
  static final long MAX_BARRIERS = 3;
  /** Everything the conversation caused until the service is quiet again (work after the offer included). */
  static final long MAX_SETTLED_STORE_COMMANDS = 50;

  @Autowired TestRestTemplate http;
  @Autowired EmbeddedRuntime runtime;
  @Autowired ConnectorSettingsService connectors;
  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ApiKeyService apiKeys;
  @Autowired ConversationRepository conversations;

  record Cost(Map<String, Long> commands, Map<String, Long> jobs) {
    /** Commands on documents; the barriers that end a job's writes (DurableJobClient) are counted apart. */
    long commandCount() {
      return commands.entrySet().stream().filter(e -> !isBarrier(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    long barrierCount() {
      return commands.entrySet().stream().filter(e -> isBarrier(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    static boolean isBarrier(String command) {
      return command.startsWith("fsync");
    }

    long jobCount() {
      return jobs.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * The application's own client reaches the engine in process: a conversation's start, its jobs and
   * their completions never go through the loopback port's socket, HTTP/2 framing and protobuf encoding.
   */
  @Test
  void aConversationsCallsToTheEngineStayInsideTheProcess() {
    ConnectorSettings connector = liveChatLine("in-process", DistributionMode.EVENLY, 1_000).connector();
    GatewayCalls calls = ((EmbeddedZeebeEngine) runtime.engine()).gatewayCalls();
    long networkBefore = calls.network();
    long inProcessBefore = calls.inProcess();

    Cost cost = conversation(connector.id())[0];

    assertThat(calls.network()).as("calls on the loopback port").isEqualTo(networkBefore);
    assertThat(calls.inProcess() - inProcessBefore)
        .as("calls in process: the start and the completion of each job (%s)", cost.jobs())
        .isGreaterThanOrEqualTo(1 + cost.jobCount());
  }

  @Test
  void aNewLiveChatConversationReachesItsFirstOfferInFewRoundTrips() {
    ConnectorSettings connector = liveChatLine("round-trips", DistributionMode.EVENLY, 1_000).connector();

    conversation(connector.id()); // warms the caches (settings, mapping metadata) as a running service has them
    for (int i = 0; i < MEASURED; i++) {
      Cost[] cost = conversation(connector.id());
      log.info("One conversation to its first offer: {} store commands {}, {} jobs {}; settled: {} store commands {}, {} jobs {}",
          cost[0].commandCount(), cost[0].commands(), cost[0].jobCount(), cost[0].jobs(),
          cost[1].commandCount(), cost[1].commands(), cost[1].jobCount(), cost[1].jobs());
      assertThat(cost[0].commandCount()).as("store commands up to the first offer: %s", cost[0].commands())
          .isLessThanOrEqualTo(MAX_STORE_COMMANDS);
      assertThat(cost[0].jobCount()).as("jobs up to the first offer: %s", cost[0].jobs()).isLessThanOrEqualTo(MAX_JOBS);
      // At most one wait for the disk per job that wrote, however many writes it made.
      assertThat(cost[0].barrierCount()).as("barriers up to the first offer: %s", cost[0].commands()).isLessThanOrEqualTo(MAX_BARRIERS);
      assertThat(cost[1].commandCount()).as("store commands until settled: %s", cost[1].commands())
          .isLessThanOrEqualTo(MAX_SETTLED_STORE_COMMANDS);
    }
  }

  @Test
  void anOperatorsCloseWaitsForTheDiskOnceForTheCloseTheSlotAndTheNextWakeUp() {
    LiveChatLine line = liveChatLine("closing", DistributionMode.STRICT, 1);
    ConnectorSettings connector = line.connector();
    OperatorJourney holder = new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId());
    String held = visitorWrites(connector.id());
    holder.awaitOffer(held);
    holder.answer(held);
    String next = visitorWrites(connector.id());
    await().atMost(WAIT).until(() -> routing.state(next).map(r -> r.getStatus() == RoutingStatus.WAITING).orElse(false));

    List<String> commands = RequestCommands.during(() ->
        assertThat(holder.call(HttpMethod.POST, "/api/conversations/" + held + "/close", null).getStatusCode().value())
            .isEqualTo(202));

    // The close queued, the slot given back, the next conversation woken: none waited for its own commit.
    List<String> writes = commands.stream().filter(RequestCommands::isWrite).toList();
    assertThat(writes).as("the close request's commands: %s", commands)
        .anyMatch(w -> w.startsWith("insert process_outbox"))
        .anyMatch(w -> w.startsWith("findAndModify routing"))
        .allMatch(w -> w.endsWith(RequestCommands.NOT_WAITING));
    assertThat(commands).as("one wait for the disk, before the answer").endsWith("fsync").containsOnlyOnce("fsync");
    holder.awaitOffer(next);
  }

  record LiveChatLine(ConnectorSettings connector, String operatorId) {}

  /** A live-chat connector on a channel of its own whose queue is one online operator. */
  LiveChatLine liveChatLine(String name, DistributionMode mode, int chatLimit) {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String operator = fx.operator(name);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, fx.channel(name, mode, chatLimit, operator),
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    return new LiveChatLine(connector, operator);
  }

  /** A visitor's chat and first message through HTTP; the conversation's id. */
  @SuppressWarnings("unchecked")
  String visitorWrites(String connectorId) {
    Map<String, Object> chat = http.postForEntity("/livechat/" + connectorId + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    HttpHeaders visitor = new HttpHeaders();
    visitor.setContentType(MediaType.APPLICATION_JSON);
    visitor.set("X-LiveChat-Token", (String) chat.get("token"));
    Map<String, Object> accepted = http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", "m-" + UUID.randomUUID(), "text", "Hello"), visitor), Map.class).getBody();
    return (String) accepted.get("conversationId");
  }

  /** The store commands an HTTP request's own thread sent, with whether a write waited for its commit. */
  static final class RequestCommands implements CommandListener {
    static final String NOT_WAITING = "(not waiting)";
    private static final List<String> recorded = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;

    static List<String> during(Runnable request) {
      recorded.clear();
      recording = true;
      try {
        request.run();
      } finally {
        recording = false;
      }
      return List.copyOf(recorded);
    }

    static boolean isWrite(String command) {
      return command.startsWith("insert") || command.startsWith("update") || command.startsWith("delete")
          || command.startsWith("findAndModify");
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
      if (!recording || !Thread.currentThread().getName().startsWith("tomcat-handler")) {
        return;
      }
      BsonDocument command = event.getCommand();
      BsonValue collection = command.get(event.getCommandName());
      BsonDocument writeConcern = command.getDocument("writeConcern", new BsonDocument());
      boolean notWaiting = writeConcern.containsKey("j") && !writeConcern.getBoolean("j").getValue();
      recorded.add(event.getCommandName()
          + (collection != null && collection.isString() ? " " + collection.asString().getValue() : "")
          + (notWaiting ? " " + NOT_WAITING : ""));
    }
  }

  /**
   * One visitor's chat and first message through HTTP, measured up to the first offer (the moment it
   * is published) and until the service has settled (no store command for a second).
   */
  @SuppressWarnings("unchecked")
  Cost[] conversation(String connectorId) {
    StoreStats stats = runtime.storeStats();
    long fromPosition = lastRecordPosition();
    firstOffers.clear();
    stats.resetCommands();

    Map<String, Object> chat = http.postForEntity("/livechat/" + connectorId + "/chats", Map.of("name", "Ann"), Map.class).getBody();
    HttpHeaders visitor = new HttpHeaders();
    visitor.setContentType(MediaType.APPLICATION_JSON);
    visitor.set("X-LiveChat-Token", (String) chat.get("token"));
    String messageId = "m-" + UUID.randomUUID();
    assertThat(http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", messageId, "text", "Hello"), visitor), String.class).getStatusCode().value())
        .isEqualTo(202);
    // Nothing the test reads goes through the store: the offer is seen in its event.
    await().atMost(WAIT).until(() -> !firstOffers.isEmpty());
    Map<String, Long> atOffer = firstOffers.get(0);
    Map<String, Long> jobsAtOffer = jobsSince(fromPosition);

    AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(1))
        .until(() -> last.getAndSet(stats.commands()).equals(last.get()));
    return new Cost[] {new Cost(atOffer, jobsAtOffer), new Cost(stats.commands(), jobsSince(fromPosition))};
  }

  /** The store commands counted when each first offer was published (one per conversation). */
  static final List<Map<String, Long>> firstOffers = new CopyOnWriteArrayList<>();

  @TestConfiguration
  static class FirstOffers {
    @Bean
    MongoClientSettingsBuilderCustomizer requestCommands() {
      return settings -> settings.addCommandListener(new RequestCommands());
    }

    @Bean
    FirstOfferListener firstOfferListener(EmbeddedRuntime runtime) {
      return new FirstOfferListener(runtime);
    }
  }


  record FirstOfferListener(EmbeddedRuntime runtime) {
    @EventListener
    public void offered(ConversationFirstOffered offered) {
      firstOffers.add(runtime.storeStats().commands());
    }
  }

  long lastRecordPosition() {
    return StreamSupport.stream(RecordStream.of(runtime.engine().getRecordStreamSource()).records().spliterator(), false)
        .mapToLong(Record::getPosition).max().orElse(-1);
  }

  Map<String, Long> jobsSince(long position) {
    Map<String, Long> jobs = new TreeMap<>();
    for (Record<JobRecordValue> job : RecordStream.of(runtime.engine().getRecordStreamSource()).jobRecords()) {
      if (job.getPosition() > position && job.getIntent() == JobIntent.CREATED) {
        jobs.merge(job.getValue().getType(), 1L, Long::sum);
      }
    }
    return jobs;
  }
}
