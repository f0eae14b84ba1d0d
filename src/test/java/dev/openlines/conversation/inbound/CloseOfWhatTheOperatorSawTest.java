package dev.openlines.conversation.inbound;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The operator closes naming the newest message they saw: a client message that arrived as they clicked
 * Close is shown to them (409), not closed away unread in a conversation nobody opens again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CloseOfWhatTheOperatorSawTest {

  @Autowired InboundMessageService ingestion;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired MongoTemplate mongo;
  @Autowired ConversationRepository conversations;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;

  private IngestionFixtures.Line line(String name) {
    return new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat(name, 10, 100);
  }

  private OperatorJourney operatorOf(IngestionFixtures.Line line) {
    return new OperatorJourney(http, apiKeys, routing, conversations, line.operatorId());
  }

  /** The client's first message, offered to the line's operator and answered by them through the API. */
  private IngestionResult answered(IngestionFixtures.Line line, String clientId) {
    return IngestionFixtures.answered(ingestion, line, clientId, operatorOf(line));
  }

  private ResponseEntity<JsonNode> closeSeeing(IngestionFixtures.Line line, String conversationId, String seenMessageId) {
    return operatorOf(line).call(HttpMethod.POST, "/api/conversations/" + conversationId + "/close", Map.of("seenMessageId", seenMessageId));
  }

  private Conversation stored(String conversationId) {
    return conversations.findById(conversationId).orElseThrow();
  }

  /** A close and a spam mark exclude each other until the process carried out the first: the second is not a 202 for nothing. */
  @Test
  void aSpamMarkAfterAnAcceptedCloseIsRefusedAndACloseAfterAnAcceptedSpamMarkToo() {
    IngestionFixtures.Line line = line("close-or-spam");
    OperatorJourney operator = operatorOf(line);
    String closedFirst = answered(line, "client-closed-first").conversationId();
    String spamFirst = answered(line, "client-spam-first").conversationId();

    assertThat(operator.call(HttpMethod.POST, "/api/conversations/" + closedFirst + "/close", null).getStatusCode().value())
        .isEqualTo(202);
    ResponseEntity<JsonNode> spamAfterClose = operator.call(HttpMethod.POST, "/api/conversations/" + closedFirst + "/spam", null);
    assertThat(spamFirst).isNotEqualTo(closedFirst);
    assertThat(operator.call(HttpMethod.POST, "/api/conversations/" + spamFirst + "/spam", null).getStatusCode().value())
        .isEqualTo(202);
    ResponseEntity<JsonNode> closeAfterSpam = operator.call(HttpMethod.POST, "/api/conversations/" + spamFirst + "/close", null);

    // Either may already have been carried out (the conversation no longer held): 409 as well, never 202.
    assertThat(spamAfterClose.getStatusCode().value()).as(String.valueOf(spamAfterClose.getBody())).isEqualTo(409);
    assertThat(closeAfterSpam.getStatusCode().value()).as(String.valueOf(closeAfterSpam.getBody())).isIn(409, 403);
    await().untilAsserted(() -> {
      assertThat(stored(closedFirst).getStatus()).isEqualTo(ConversationStatus.CLOSED);
      assertThat(stored(spamFirst).getStatus()).isEqualTo(ConversationStatus.SPAM);
    });
  }

  @Test
  void aCloseNamingAMessageTheClientWroteAfterIsRefusedAndChangesNothingThenTheCloseOfTheNewestIsTaken() {
    IngestionFixtures.Line line = line("close-seen");
    IngestionResult first = answered(line, "client-close-seen");
    String conversationId = first.conversationId();
    long process = stored(conversationId).getProcessInstanceKey();
    String reply = operatorOf(line).reply(conversationId, "How can I help?");
    IngestionResult unseen = ingestion.receive(line.message("m-2", "client-close-seen", "My order 42 did not arrive"), line.connector());
    assertThat(unseen.conversationId()).isEqualTo(conversationId);

    ResponseEntity<JsonNode> refused = closeSeeing(line, conversationId, reply);

    assertThat(refused.getStatusCode().value()).isEqualTo(409);
    assertThat(refused.getBody().get("detail").asText()).contains("The client wrote after the message you saw");
    assertThat(stored(conversationId).getCloseRequestedAt()).as("not closing").isNull();
    assertThat(ingestion.receive(line.message("m-3", "client-close-seen", "Are you there?"), line.connector()).conversationId())
        .as("still the client's conversation").isEqualTo(conversationId);
    assertThat(operators.get(line.operatorId()).loadIn(line.channelId())).as("the slot is still taken").isEqualTo(1);
    assertThatProcess(engine, process).isActive();

    String newest = ingestion.receive(line.message("m-4", "client-close-seen", "Thanks, found it"), line.connector()).messageId();
    assertThat(closeSeeing(line, conversationId, newest).getStatusCode().value()).isEqualTo(202);

    await().atMost(OperatorJourney.WAIT).until(() -> stored(conversationId).getStatus() == ConversationStatus.CLOSED);
    IngestionResult later = ingestion.receive(line.message("m-5", "client-close-seen", "One more thing"), line.connector());
    assertThat(later.conversationId()).as("after the close, a new conversation").isNotEqualTo(conversationId);
    operatorOf(line).awaitOffer(later.conversationId());
  }

  @Test
  void aCloseNamingTheOperatorsOwnNewestReplyIsTakenWhenTheClientHasNotWrittenSince() {
    IngestionFixtures.Line line = line("close-own-reply");
    String conversationId = answered(line, "client-own-reply").conversationId();
    String reply = operatorOf(line).reply(conversationId, "Done, your refund is on its way");

    assertThat(closeSeeing(line, conversationId, reply).getStatusCode().value()).isEqualTo(202);

    assertThat(stored(conversationId).getCloseRequestedAt()).isNotNull();
    await().atMost(OperatorJourney.WAIT).until(() -> stored(conversationId).getStatus() == ConversationStatus.CLOSED);
  }

  @Test
  void aSeenMessageThatIsNotOneOfTheConversationsIsABadRequestThatChangesNothing() {
    IngestionFixtures.Line line = line("close-foreign");
    String conversationId = answered(line, "client-foreign-1").conversationId();
    IngestionResult elsewhere = ingestion.receive(line.message("m-1", "client-foreign-2", "Hi"), line.connector());

    for (String seen : new String[] {elsewhere.messageId(), "no-such-message", "x".repeat(101)}) {
      ResponseEntity<JsonNode> refused = closeSeeing(line, conversationId, seen);
      assertThat(refused.getStatusCode().value()).as(seen).isEqualTo(400);
      assertThat(refused.getBody().toString()).as(seen).contains("seenMessageId");
    }
    assertThat(stored(conversationId).getCloseRequestedAt()).isNull();
    assertThat(stored(conversationId).getStatus()).isEqualTo(ConversationStatus.IN_PROGRESS);
  }
}
