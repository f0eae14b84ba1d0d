package dev.openlines.conversation.inbound;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.inbound.IngestionResult.Outcome;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;

/**
 * A client an operator marked as spam is blocked on that connector: their next message is acknowledged
 * (outcome BLOCKED) but stored nowhere, opens no conversation and offers nothing to anyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpamBlockTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final ClientProfile ANONYMOUS = new ClientProfile(null, null, null, null);

  @Autowired ClientConversations clients;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired MongoTemplate mongo;
  @Autowired ApiKeyService apiKeys;
  @Autowired TestRestTemplate http;
  @Autowired ZeebeTestEngine engine;

  @Test
  void aClientMarkedAsSpamOpensNoNewConversation() {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String anna = fx.operator("anna");
    String channel = fx.channel("spam", DistributionMode.STRICT, 5, anna);
    String annasKey = new ApiTokens(apiKeys).operator(anna);
    Started spammer = clients.start(channel);
    await().atMost(WAIT).until(() -> routing.offers(spammer.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(anna)));
    assertThat(http.exchange("/api/conversations/" + spammer.conversationId() + "/answer", HttpMethod.POST,
        ApiTokens.request(annasKey), String.class).getStatusCode().value()).isEqualTo(204);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
        assertThatProcess(engine, spammer.key()).isWaitingAtElements("conversation-closed"));

    assertThat(http.exchange("/api/conversations/" + spammer.conversationId() + "/spam", HttpMethod.POST,
        ApiTokens.request(annasKey), String.class).getStatusCode().value()).isEqualTo(202);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
        assertThatProcess(engine, spammer.key()).hasPassedElementsInOrder("flag-spam", "ended-as-spam"));

    IngestionResult again = clients.receive(channel, spammer.clientId(), ANONYMOUS, "Buy cheap watches");

    assertThat(again.outcome()).isEqualTo(Outcome.BLOCKED);
    assertThat(again.conversationId()).isNull();
    assertThat(mongo.count(query(where("clientId").is(spammer.clientId())), Conversation.class)).isEqualTo(1);
    assertThat(mongo.count(query(where("clientId").is(spammer.clientId())), ConversationMessage.class))
        .as("the blocked message is not stored").isEqualTo(1);
    assertThat(routing.offers(spammer.conversationId())).noneMatch(o -> o.status() == OfferStatus.OFFERED);

    // Another client of the same channel is served as usual.
    Started other = clients.start(channel);
    await().atMost(WAIT).until(() -> routing.offers(other.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(anna)));
  }
}
