package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Many conversations routed at once on several threads, with answers, expiries and closes mixed in,
 * while a watcher keeps reading the operators: nobody ever exceeds the limit and no conversation is
 * ever held by two operators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingConcurrencyTest {

  static final int OPERATORS = 5;
  static final int LIMIT = 2;
  static final int CONVERSATIONS = 40;
  static final int THREADS = 8;
  static final AtomicLong attempts = new AtomicLong(Long.MAX_VALUE / 2);
  private static final Logger log = LoggerFactory.getLogger(RoutingConcurrencyTest.class);

  @Autowired RoutingService routing;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  RoutingFixtures fx;

  @BeforeEach
  void fixtures() {
    fx = new RoutingFixtures(channels, operators, mongo);
  }

  @ParameterizedTest
  @EnumSource(names = {"STRICT", "EVENLY"})
  void noOperatorIsEverAboveTheLimitAndNoConversationHasTwoOperators(DistributionMode mode) throws Exception {
    List<String> operatorIds = new ArrayList<>();
    for (int i = 0; i < OPERATORS; i++) {
      operatorIds.add(fx.operator("op" + i));
    }
    String channel = fx.channel("load-" + mode.name().toLowerCase(), mode, LIMIT, operatorIds.toArray(String[]::new));
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger samples = new AtomicInteger();
    Thread watcher = Thread.ofPlatform().start(() -> {
      while (running.get()) {
        check(operatorIds, channel, violations);
        samples.incrementAndGet();
      }
    });

    Map<String, String> assigned = new ConcurrentHashMap<>();
    AtomicInteger offers = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    long began = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      String conversation = fx.conversation();
      done.add(pool.submit(() -> {
        start.await();
        for (int round = 0; round < 3; round++) {
          OfferResult result = routing.offer("attempt-" + attempts.incrementAndGet(), new OfferRequest(conversation, channel, null, null));
          if (!result.offered()) {
            return null;
          }
          offers.incrementAndGet();
          assertThat(result.operatorIds()).hasSize(1);
          int dice = ThreadLocalRandom.current().nextInt(3);
          if (dice == 0) {
            routing.answer(conversation, result.operatorIds().getFirst());
            assigned.put(conversation, result.operatorIds().getFirst());
            return null;
          } else if (dice == 1) {
            routing.answer(conversation, result.operatorIds().getFirst());
            routing.close(conversation);
            return null;
          }
          routing.withdraw(conversation);
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : done) {
      future.get(120, TimeUnit.SECONDS);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    running.set(false);
    watcher.join();
    pool.shutdown();
    log.info("{}: {} offers on {} threads in {} ms, {} watcher samples", mode, offers.get(), THREADS, millis, samples.get());

    check(operatorIds, channel, violations);
    assertThat(violations).isEmpty();
    assertThat(samples.get()).isPositive();
    assertThat(offers.get()).isGreaterThanOrEqualTo(OPERATORS * LIMIT);
    int held = operatorIds.stream().mapToInt(id -> fx.load(id, channel)).sum();
    assertThat(held).isEqualTo(assigned.size()).isLessThanOrEqualTo(OPERATORS * LIMIT);

    assigned.keySet().forEach(routing::close);
    assertThat(operatorIds).allSatisfy(id -> assertThat(fx.load(id, channel)).isZero());
  }

  @Test
  void inAllModeExactlyOneOfManySimultaneousAnswersWins() throws Exception {
    List<String> operatorIds = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      operatorIds.add(fx.operator("all" + i));
    }
    String channel = fx.channel("load-all", DistributionMode.ALL, 1, operatorIds.toArray(String[]::new));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int i = 0; i < 6; i++) {
        String conversation = fx.conversation();
        assertThat(routing.offer("attempt-" + attempts.incrementAndGet(), new OfferRequest(conversation, channel, null, null)).operatorIds())
            .hasSizeGreaterThan(1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (String operatorId : operatorIds) {
          answers.add(pool.submit(() -> {
            start.await();
            try {
              routing.answer(conversation, operatorId);
              return true;
            } catch (OfferConflictException lost) {
              return false;
            }
          }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> answer : answers) {
          winners += answer.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
        String winner = routing.state(conversation).orElseThrow().getAssignedOperatorId();
        assertThat(operatorIds.stream().mapToInt(id -> fx.load(id, channel)).sum()).isEqualTo(1);
        assertThat(fx.load(winner, channel)).isEqualTo(1);
        routing.close(conversation);
      }
    } finally {
      pool.shutdown();
    }
  }

  private void check(List<String> operatorIds, String channel, List<String> violations) {
    Query query = Query.query(Criteria.where("_id").in(operatorIds));
    query.fields().include("load", "counted");
    Map<String, String> holders = new ConcurrentHashMap<>();
    for (Operator operator : mongo.find(query, Operator.class)) {
      int load = operator.loadIn(channel);
      if (load > LIMIT || load < 0) {
        violations.add(operator.getId() + " holds " + load);
      }
      Set<String> counted = operator.getCounted();
      if (counted.size() != load) {
        violations.add(operator.getId() + " counts " + counted + " but load is " + load);
      }
      for (String conversation : counted) {
        String other = holders.put(conversation, operator.getId());
        if (other != null) {
          violations.add(conversation + " held by " + other + " and " + operator.getId());
        }
      }
    }
  }
}
