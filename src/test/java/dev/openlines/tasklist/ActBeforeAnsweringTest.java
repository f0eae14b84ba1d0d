package dev.openlines.tasklist;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * An operator who is offered a new chat acts on it without answering it first, over the operator API:
 * marks it as spam, renames it, or transfers it to a colleague. Conversations start with a client's message
 * through ingestion.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActBeforeAnsweringTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;
  @Autowired ClientConversations clients;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;

  RoutingFixtures fx;
  String anna;
  String ben;
  String annaKey;
  String channel;

  @BeforeEach
  void setUp() {
    fx = new RoutingFixtures(channels, operators, mongo);
    anna = fx.operator("anna");
    ben = fx.operator("ben");
    annaKey = new ApiTokens(apiKeys).operator(anna);
    channel = fx.channel("act-before-answer", DistributionMode.STRICT, 3, anna, ben);
  }

  List<String> openOffers(String conversationId) {
    return routing.offers(conversationId).stream().filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId).toList();
  }

  /** A new client's chat, offered to anna (first in the queue) and not answered. */
  ClientConversations.Started offeredToAnna() {
    ClientConversations.Started started = clients.start(channel);
    await().atMost(WAIT).until(() -> openOffers(started.conversationId()).equals(List.of(anna)));
    return started;
  }

  ResponseEntity<String> annaDoes(String conversationId, String action, Object body) {
    return http.exchange("/api/conversations/" + conversationId + "/" + action, HttpMethod.POST,
        ApiTokens.request(annaKey, body), String.class);
  }

  @Test
  void anOfferedChatIsMarkedAsSpamWithoutAnsweringIt() {
    ClientConversations.Started chat = offeredToAnna();

    ResponseEntity<String> spam = annaDoes(chat.conversationId(), "spam", null);

    assertThat(spam.getStatusCode().value()).as(spam.getBody()).isEqualTo(202);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, chat.key())
        .hasPassedElementsInOrder("marked-as-spam", "flag-spam", "free-spam-slot", "ended-as-spam").isCompleted());
    assertThat(openOffers(chat.conversationId())).isEmpty();
    assertThat(fx.load(anna, channel)).isZero();
    // The client is on the spam list: their next message opens nothing.
    assertThat(clients.receive(channel, chat.clientId(), null, "Buy cheap watches").conversationId()).isNull();
  }

  @Test
  void anOfferedChatIsRenamedWithoutAnsweringIt() {
    ClientConversations.Started chat = offeredToAnna();

    ResponseEntity<String> renamed = annaDoes(chat.conversationId(), "rename", Map.of("title", "Order 1234"));

    assertThat(renamed.getStatusCode().value()).as(renamed.getBody()).isEqualTo(204);
    assertThat(conversations.findById(chat.conversationId()).orElseThrow().getTitle()).isEqualTo("Order 1234");
    assertThat(openOffers(chat.conversationId())).containsExactly(anna);
  }

  @Test
  void anOfferedChatIsTransferredToAColleagueWithoutAnsweringIt() {
    ClientConversations.Started chat = offeredToAnna();

    ResponseEntity<String> transferred = annaDoes(chat.conversationId(), "transfer", Map.of("operatorId", ben));

    assertThat(transferred.getStatusCode().value()).as(transferred.getBody()).isEqualTo(202);
    await().atMost(WAIT).until(() -> openOffers(chat.conversationId()).equals(List.of(ben)));
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, chat.key())
        .hasPassedElementsInOrder("transferred-before-answer", "give-up-for-transfer", "mark-transferred")
        .isWaitingAtElements("wait-for-one"));
    assertThat(routing.offers(chat.conversationId())).filteredOn(o -> o.operatorId().equals(anna))
        .extracting(Offer::status).containsOnly(OfferStatus.WITHDRAWN);
    assertThat(fx.load(anna, channel)).isZero();
    // anna's late answer to her withdrawn offer does not take it back.
    assertThat(annaDoes(chat.conversationId(), "answer", null).getStatusCode().value()).isEqualTo(409);
  }
}
