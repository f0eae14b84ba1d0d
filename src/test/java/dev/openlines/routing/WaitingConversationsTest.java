package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueSettings;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.ConversationCommands;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * No client waits next to a free operator: conversations start as a visitor's message through
 * ingestion, operators answer and close through the services their API calls, on the real engine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WaitingConversationsTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired InboundMessageService ingestion;
  @Autowired OperatorCapacity capacity;
  @Autowired org.springframework.boot.test.web.client.TestRestTemplate http;
  @Autowired dev.openlines.security.ApiKeyService apiKeys;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired RoutingReconciler reconciler;
  @Autowired org.springframework.context.ApplicationEventPublisher events;
  @Autowired ConversationCommands commands;
  @Autowired ConversationMessages conversationMessages;
  @Autowired OperatorAvailability availability;
  @Autowired ConversationRepository conversations;
  @Autowired MongoTemplate mongo;
  @Autowired MeterRegistry meters;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  RoutingFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new RoutingFixtures(channels, operators, mongo);
  }

  @Test
  void simultaneousReleasesOfferAsManyWaitingConversationsAsSlotsWereFreedLongestWaitingFirst() throws Exception {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String carl = fx.operator("carl");
    String channel = fx.channel("drain", DistributionMode.EVENLY, 1, anna, ben, carl);
    ConnectorSettings connector = liveChat(channel);

    List<String> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = visitorWrites(connector);
      String operatorId = awaitOffered(id);
      routing.answer(id, operatorId);
      held.add(id);
    }
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = visitorWrites(connector);
      await().atMost(WAIT).until(() -> conversations.findById(id).orElseThrow().getStatus() == ConversationStatus.WAITING);
      waiting.add(id);
    }

    // The three operators close one conversation each at the same instant.
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> closes = new ArrayList<>();
    for (String id : held) {
      String holder = routing.state(id).orElseThrow().getAssignedOperatorId();
      closes.add(CompletableFuture.runAsync(() -> {
        awaitLatch(go);
        commands.close(id, holder, "close-" + id);
      }));
    }
    go.countDown();
    CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).join();

    // Each freed slot holds an offer, to the three who waited longest; nobody was woken twice for one slot.
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(waiting.stream().filter(id -> !openOffers(id).isEmpty()).toList())
            .containsExactlyElementsOf(waiting.subList(0, 3)));
    List<String> offeredTo = waiting.subList(0, 3).stream().map(id -> openOffers(id).get(0)).toList();
    assertThat(offeredTo).containsExactlyInAnyOrder(anna, ben, carl);
    // Offered shows as OFFERED, not NEW; the two still queued wait.
    await().atMost(WAIT).untilAsserted(() -> {
      for (String id : waiting.subList(0, 3)) {
        assertThat(conversations.findById(id).orElseThrow().getStatus()).isEqualTo(ConversationStatus.OFFERED);
      }
    });
    for (String id : waiting.subList(3, 5)) {
      assertThat(routing.state(id).orElseThrow().getStatus()).isEqualTo(RoutingStatus.WAITING);
    }
    // The events did it all: the safety net repaired none of these conversations.
    for (String id : held) {
      assertThat(routing.state(id).orElseThrow().getRepairs()).isZero();
    }
    for (String id : waiting) {
      assertThat(routing.state(id).orElseThrow().getRepairs()).isZero();
    }
  }

  @Test
  void aConversationWhoseSlotIsReservedButWhoseOfferIsNotYetRecordedDoesNotTakeASecondSlot() {
    TwoHeldTwoWaiting line = twoHeldTwoWaiting("reserved");
    String anna = line.anna(), ben = line.ben(), channel = line.channel(), first = line.first(), second = line.second();
    Map<String, String> holders = line.holders();

    // The instant inside an offer round between reserving Anna's slot for the first waiting conversation
    // and recording its offer: Anna's load counts it, its status is still ROUTING.
    capacity.release(anna, holders.get(anna), channel);
    assertThat(capacity.reserve(anna, first, channel, channels.get(channel).getQueue(), clock.instant())).isTrue();
    mongo.updateFirst(Query.query(Criteria.where("_id").is(first)),
        new Update().set("status", RoutingStatus.ROUTING).set("statusSince", clock.instant()), ConversationRouting.class);

    // Ben's slot is freed: it belongs to the second waiting conversation, not to the first one again.
    commands.close(holders.get(ben), ben, "close-" + UUID.randomUUID());

    await().atMost(WAIT).until(() -> openOffers(second).equals(List.of(ben)));
    assertThat(routing.state(second).orElseThrow().getRepairs()).isZero();
  }

  @Test
  void anOfferThatReservesItsSlotWhileADrainReadsTheChannelDoesNotHideAnotherFreeSlot() {
    TwoHeldTwoWaiting line = twoHeldTwoWaiting("reserving");
    String anna = line.anna(), channel = line.channel(), first = line.first();
    // Both operators are free again; the first conversation's offer round has started (ROUTING) and is
    // about to reserve Anna's slot.
    freeBothSlots(line);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(first)),
        new Update().set("status", RoutingStatus.ROUTING).set("statusSince", clock.instant()), ConversationRouting.class);
    // A drain of the channel, during which that reservation lands just after the drain read which
    // conversations on their way hold a slot already.
    WaitingConversations drain = drainThatAfterItsFind(Operator.class, "counted", () ->
        assertThat(capacity.reserve(anna, first, channel, channels.get(channel).getQueue(), clock.instant())).isTrue());

    drain.drainSafely(channel);

    assertBensSlotWentToTheSecond(line);
  }

  @Test
  void aConversationWokenAndOfferedByAnotherDrainWhileThisOneReadsTheChannelLeavesTheOtherFreeSlotToTheNext() {
    TwoHeldTwoWaiting line = twoHeldTwoWaiting("overtaken");
    String anna = line.anna(), channel = line.channel(), first = line.first();
    freeBothSlots(line);
    // A drain of the channel reads its waiting line; just after, another drain wakes the first conversation
    // and its offer reserves Anna's slot, before this drain reads the operators' slots.
    WaitingConversations drain = drainThatAfterItsFind(ConversationRouting.class, "queueChannelId", () -> {
      mongo.updateFirst(Query.query(Criteria.where("_id").is(first)),
          new Update().set("status", RoutingStatus.ROUTING).set("statusSince", clock.instant()), ConversationRouting.class);
      assertThat(capacity.reserve(anna, first, channel, channels.get(channel).getQueue(), clock.instant())).isTrue();
    });

    drain.drainSafely(channel);

    assertBensSlotWentToTheSecond(line);
  }

  @Test
  void twoDrainsThatReadTheSameFreeSlotsWakeNoMoreConversationsThanThereAreSlots() {
    String channel = fx.channel("two-drains", DistributionMode.EVENLY, 1, fx.operator("ida"), fx.operator("jon"), fx.operator("kim"));
    // Five conversations wait in the channel's queue (routing states only: no process routes them when woken,
    // so how many were woken is still there to count); its three operators each have a free slot.
    List<String> line = new ArrayList<>();
    java.time.Instant since = clock.instant().minusSeconds(60);
    for (int i = 0; i < 5; i++) {
      String id = fx.conversation();
      mongo.insert(new org.bson.Document("_id", id).append("channelId", channel).append("queueChannelId", channel)
          .append("status", RoutingStatus.WAITING.name()).append("statusSince", java.util.Date.from(since.plusSeconds(i)))
          .append("queuedSince", java.util.Date.from(since.plusSeconds(i))).append("round", 1L),
          mongo.getCollectionName(ConversationRouting.class));
      line.add(id);
    }
    try {
      // One drain reads the line; before it wakes anyone, another drain reads the same three free slots and
      // wakes the first three.
      WaitingConversations first = drainThatAfterItsFind(ConversationRouting.class, "queueChannelId",
          () -> new WaitingConversations(mongo, conversationMessages, availability, clock, meters).drainSafely(channel));

      first.drainSafely(channel);

      assertThat(line.stream().filter(id -> routing.state(id).orElseThrow().getStatus() == RoutingStatus.WOKEN).toList())
          .as("woken for three free slots").containsExactlyElementsOf(line.subList(0, 3));
    } finally {
      // Woken with no process behind them, they would be woken again and again by the safety net.
      mongo.remove(Query.query(Criteria.where("_id").in(line)), ConversationRouting.class);
    }
  }

  @Test
  void theHoldersCloseGivesTheSlotBackBeforeItsAnswerSoTheNextWaitingConversationIsOfferedAtOnce() {
    String fay = fx.operator("fay");
    String channel = fx.channel("close", DistributionMode.STRICT, 1, fay);
    ConnectorSettings connector = liveChat(channel);
    String held = visitorWrites(connector);
    routing.answer(held, awaitOffered(held));
    String next = visitorWrites(connector);
    awaitWaiting(next);

    org.springframework.http.ResponseEntity<String> closed = http.postForEntity("/api/conversations/" + held + "/close",
        dev.openlines.testing.ApiTokens.request(new dev.openlines.testing.ApiTokens(apiKeys).operator(fay)), String.class);

    assertThat(closed.getStatusCode().value()).isEqualTo(202);
    // Freed before the answer, and possibly already taken again by the next conversation's offer.
    assertThat(fx.load(fay, channel) == 0 || routing.state(next).orElseThrow().getStatus() != RoutingStatus.WAITING)
        .as("Fay's slot is free, or given to the next conversation, when her close is answered")
        .isTrue();
    await().atMost(WAIT).until(() -> openOffers(next).equals(List.of(fay)));
    assertThat(routing.state(next).orElseThrow().getRepairs()).isZero();
  }

  @Test
  void raisingTheChatLimitOffersAWaitingConversationAtOnce() {
    String dora = fx.operator("dora");
    String channel = fx.channel("limit", DistributionMode.STRICT, 1, dora);
    ConnectorSettings connector = liveChat(channel);
    String first = visitorWrites(connector);
    routing.answer(first, awaitOffered(first));
    String second = visitorWrites(connector);
    awaitWaiting(second);

    OpenChannel settings = channels.get(channel);
    QueueSettings queue = settings.getQueue();
    settings.setQueue(new QueueSettings(
        queue.entries(), queue.mode(), queue.idleTime(), 2, queue.limitExclusion(), queue.checkAvailability()));
    channels.save(settings);

    await().atMost(WAIT).until(() -> openOffers(second).equals(List.of(dora)));
    assertThat(routing.state(second).orElseThrow().getRepairs()).isZero();
  }

  @Test
  void theReconcilerRepairsAMissedWakeUpAndCountsIt() {
    String emil = fx.operator("emil");
    String id = waitingWhileOffline(emil, "repair");
    double before = repairs();

    // Emil comes online without the event that announces it: a deliberately missed wake-up.
    comesOnlineUnannounced(emil);
    // Past the grace time, two passes: the first only notes the stall, the second repairs it (the
    // scheduled reconciler may get there first on a slow machine: one repair either way).
    engine.increaseTime(Duration.ofSeconds(10));
    reconciler.reconcile();
    reconciler.reconcile();

    await().atMost(WAIT).until(() -> openOffers(id).equals(List.of(emil)));
    assertThat(routing.state(id).orElseThrow().getRepairs()).isEqualTo(1);
    assertThat(repairs()).isGreaterThanOrEqualTo(before + 1);
  }

  @Test
  void theReconcilerLeavesASlotFreedAMomentAgoToTheEventThatFreedIt() {
    String gus = fx.operator("gus");
    String id = waitingWhileOffline(gus, "fresh");
    engine.increaseTime(Duration.ofSeconds(10));

    // Holding the reconciler's lock keeps its scheduled passes out: exactly one pass runs in between.
    synchronized (reconciler) {
      // Gus is online, but the event announcing it has not been handled yet when a reconciler pass runs.
      comesOnlineUnannounced(gus);
      reconciler.reconcile();
      assertThat(routing.state(id).orElseThrow().getStatus()).isEqualTo(RoutingStatus.WAITING);

      events.publishEvent(new dev.openlines.operator.OperatorAvailableEvent(gus, null));
      await().atMost(WAIT).until(() -> openOffers(id).equals(List.of(gus)));
    }
    reconciler.reconcile();
    // This conversation's own count: the shared meter also counts other tests' channels.
    assertThat(routing.state(id).orElseThrow().getRepairs()).isZero();
  }

  /** Anna and Ben (EVENLY, limit 1) hold one conversation each; two more wait, {@code first} the longer. */
  record TwoHeldTwoWaiting(String anna, String ben, String channel, Map<String, String> holders, String first, String second) {}

  TwoHeldTwoWaiting twoHeldTwoWaiting(String channelName) {
    String anna = fx.operator("anna");
    String ben = fx.operator("ben");
    String channel = fx.channel(channelName, DistributionMode.EVENLY, 1, anna, ben);
    ConnectorSettings connector = liveChat(channel);
    Map<String, String> holders = new java.util.HashMap<>();
    for (int i = 0; i < 2; i++) {
      String id = visitorWrites(connector);
      String operatorId = awaitOffered(id);
      routing.answer(id, operatorId);
      holders.put(operatorId, id);
    }
    String first = visitorWrites(connector);
    awaitWaiting(first);
    String second = visitorWrites(connector);
    awaitWaiting(second);
    return new TwoHeldTwoWaiting(anna, ben, channel, holders, first, second);
  }

  void freeBothSlots(TwoHeldTwoWaiting line) {
    capacity.release(line.anna(), line.holders().get(line.anna()), line.channel());
    capacity.release(line.ben(), line.holders().get(line.ben()), line.channel());
  }

  /** The drain that just returned woke the second conversation for Ben's free slot, and it is offered to him. */
  void assertBensSlotWentToTheSecond(TwoHeldTwoWaiting line) {
    assertThat(routing.state(line.second()).orElseThrow().getStatus())
        .as("Ben's free slot woke the second conversation").isNotEqualTo(RoutingStatus.WAITING);
    await().atMost(WAIT).until(() -> openOffers(line.second()).equals(List.of(line.ben())));
  }

  /**
   * A drain whose store runs {@code meanwhile} right after its find of {@code entity} by {@code field}: what
   * another thread does between two of the drain's reads.
   */
  WaitingConversations drainThatAfterItsFind(Class<?> entity, String field, Runnable meanwhile) {
    MongoTemplate store = new MongoTemplate(mongo.getMongoDatabaseFactory(), mongo.getConverter()) {
      @Override
      public <T> List<T> find(Query query, Class<T> entityClass) {
        List<T> found = super.find(query, entityClass);
        if (entityClass == entity && query.getQueryObject().containsKey(field)) {
          meanwhile.run();
        }
        return found;
      }
    };
    return new WaitingConversations(store, conversationMessages, availability, clock, meters);
  }

  /** A visitor's conversation waiting on a channel of its own whose only operator is offline. */
  String waitingWhileOffline(String operator, String channelName) {
    operators.changePresence(operator, Presence.OFFLINE);
    String id = visitorWrites(liveChat(fx.channel(channelName, DistributionMode.STRICT, 1, operator)));
    awaitWaiting(id);
    return id;
  }

  void comesOnlineUnannounced(String operator) {
    mongo.updateFirst(Query.query(Criteria.where("_id").is(operator)), Update.update("presence", Presence.ONLINE), Operator.class);
  }

  double repairs() {
    return meters.counter(WaitingConversations.REPAIRS_METER).count();
  }

  ConnectorSettings liveChat(String channel) {
    return connectors.create(new ConnectorSettings(null, channel, "livechat",
        ConnectorSettings.DEFAULT_MAX_ATTACHMENT_BYTES, null, new LiveChatSettings(false, null)));
  }

  String visitorWrites(ConnectorSettings connector) {
    String clientId = "visitor-" + UUID.randomUUID();
    return ingestion.receive(new InboundMessage(connector.type(), connector.id(), "ext-" + UUID.randomUUID(), clientId,
        new InboundMessage.ClientProfile("Ann", null, null, "en"), "Hello", List.of(), false, clock.instant()), connector)
        .conversationId();
  }

  void awaitWaiting(String conversationId) {
    await().atMost(WAIT).until(() -> routing.state(conversationId).map(ConversationRouting::getStatus).orElse(null) == RoutingStatus.WAITING);
    // The offer job drains the channel after recording WAITING; the process marks the conversation waiting
    // only after that job, so a change made from here on is not seen by that drain.
    await().atMost(WAIT).until(() -> conversations.findById(conversationId)
        .map(c -> c.getStatus() == dev.openlines.conversation.ConversationStatus.WAITING).orElse(false));
  }

  String awaitOffered(String conversationId) {
    await().atMost(WAIT).until(() -> openOffers(conversationId).size() == 1);
    return openOffers(conversationId).get(0);
  }

  List<String> openOffers(String conversationId) {
    return routing.offers(conversationId).stream()
        .filter(o -> o.status() == OfferStatus.OFFERED)
        .map(Offer::operatorId)
        .toList();
  }

  static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
