package dev.openlines.connector.livechat;

import dev.openlines.connector.LiveChatSettings;
import dev.openlines.testing.TestChannels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.inbound.InboundMessageService;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatTest {

  @Autowired TestRestTemplate http;

  @Autowired dev.openlines.channel.ChannelService channelService;
  @LocalServerPort int port;
  @Autowired ConnectorSettingsService connectors;
  @Autowired InboundMessageService ingestion;
  @Autowired List<ClientMessenger> messengers;
  @Autowired LiveChatService chats;
  @Autowired ProcessCommandOutbox outbox;
  @Autowired MongoTemplate mongo;

  ConnectorSettings connector(boolean consentRequired, boolean typingPreview) {
    return connectors.create(new ConnectorSettings(null, TestChannels.create(channelService), ConnectorTypes.LIVECHAT, 1000,
        null, new LiveChatSettings(consentRequired, consentRequired ? "We store this chat to answer you." : null, typingPreview)));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> startChat(ConnectorSettings connector, Map<String, Object> visitor) {
    ResponseEntity<Map> response = http.postForEntity("/livechat/" + connector.id() + "/chats", visitor, Map.class);
    assertThat(response.getStatusCode().value()).isEqualTo(201);
    return response.getBody();
  }

  ResponseEntity<String> post(String path, Object body, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      headers.set("X-LiveChat-Token", token);
    }
    return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
  }

  ClientMessenger liveChatMessenger() {
    return messengers.stream().filter(m -> m.connectorType().equals(ConnectorTypes.LIVECHAT)).findFirst().orElseThrow();
  }

  OutboundMessage operatorMessage(ConnectorSettings connector, String sessionId, String conversationId, String text) {
    return new OutboundMessage(UUID.randomUUID().toString(), conversationId, ConnectorTypes.LIVECHAT, connector.id(), sessionId, text, List.of());
  }

  private static OutboundMessage reply(ConnectorSettings connector, String sessionId, int number) {
    String descendingId = "%s-%03d".formatted(sessionId, 100 - number);
    return new OutboundMessage(descendingId, "conversation-1", ConnectorTypes.LIVECHAT, connector.id(), sessionId, "Reply " + number, List.of());
  }

  @Test
  void anAnonymousVisitorStartsAChatAndWritesIntoANewConversation() {
    ConnectorSettings connector = connector(false, false);
    Map<String, Object> chat = startChat(connector, Map.of());
    String token = (String) chat.get("token");

    ResponseEntity<String> sent = post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hello"), token);
    ResponseEntity<String> resent = post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hello"), token);

    assertThat(sent.getStatusCode().value()).isEqualTo(202);
    assertThat(resent.getStatusCode().value()).isEqualTo(202);
    ConversationMessage stored = ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1").orElseThrow();
    assertThat(stored.getClientId()).isEqualTo(chat.get("sessionId"));
    assertThat(stored.getText()).isEqualTo("Hello");
    assertThat(mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class)).isEqualTo(1);
    assertThat(mongo.findById(stored.getConversationId(), Conversation.class).getChannelId()).isEqualTo(connector.channelId());
  }

  @Test
  @SuppressWarnings("unchecked")
  void twoVisitorsWithTheSameClientMessageIdEachGetTheirOwnMessageInTheirOwnConversation() throws Exception {
    ConnectorSettings connector = connector(false, false);
    Map<String, Object> x = startChat(connector, Map.of("name", "X"));
    Map<String, Object> y = startChat(connector, Map.of("name", "Y"));

    ResponseEntity<Map> fromX = http.postForEntity("/livechat/messages",
        withToken(Map.of("clientMessageId", "m-2", "text", "X writes"), (String) x.get("token")), Map.class);
    ResponseEntity<Map> fromY = http.postForEntity("/livechat/messages",
        withToken(Map.of("clientMessageId", "m-2", "text", "Y writes"), (String) y.get("token")), Map.class);

    assertThat(fromX.getStatusCode().value()).isEqualTo(202);
    assertThat(fromY.getStatusCode().value()).isEqualTo(202);
    assertThat(fromY.getBody().get("conversationId")).as("Y never learns X's conversation")
        .isNotNull().isNotEqualTo(fromX.getBody().get("conversationId"));
    ConversationMessage ofX = ingestion.find(connector.id(), (String) x.get("sessionId"), "m-2").orElseThrow();
    ConversationMessage ofY = ingestion.find(connector.id(), (String) y.get("sessionId"), "m-2").orElseThrow();
    assertThat(ofX.getText()).isEqualTo("X writes");
    assertThat(ofX.getConversationId()).isEqualTo(fromX.getBody().get("conversationId"));
    assertThat(ofY.getText()).isEqualTo("Y writes");
    assertThat(ofY.getConversationId()).isEqualTo(fromY.getBody().get("conversationId"));

    // The same sender's redeliveries, twenty at once, still store the message once.
    var redeliveries = java.util.concurrent.Executors.newFixedThreadPool(20);
    try {
      List<java.util.concurrent.Future<ResponseEntity<Map>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(redeliveries.submit(() -> http.postForEntity("/livechat/messages",
            withToken(Map.of("clientMessageId", "m-2", "text", "Y writes"), (String) y.get("token")), Map.class)));
      }
      for (var answer : answers) {
        ResponseEntity<Map> response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getBody().get("conversationId")).isEqualTo(fromY.getBody().get("conversationId"));
      }
    } finally {
      redeliveries.shutdownNow();
    }
    assertThat(mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class)).isEqualTo(2);
  }

  private static HttpEntity<Object> withToken(Object body, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    return new HttpEntity<>(body, headers);
  }

  @Test
  void withoutAValidTokenNothingIsAccepted() {
    ConnectorSettings connector = connector(false, false);
    Map<String, Object> chat = startChat(connector, Map.of());

    ResponseEntity<String> missing = post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hi"), null);
    ResponseEntity<String> wrong = post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hi"), "forged");
    ResponseEntity<String> events = http.getForEntity("/livechat/events?ticket=forged", String.class);

    assertThat(List.of(missing, wrong, events)).allSatisfy(r -> assertThat(r.getStatusCode().value()).isEqualTo(401));
    assertThat(missing.getBody()).contains("X-LiveChat-Token");
    assertThat(ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1")).isEmpty();
  }

  @Test
  void invalidInputIsRejectedWithTheFieldToFix() {
    ConnectorSettings connector = connector(false, false);
    ResponseEntity<String> badEmail = post("/livechat/" + connector.id() + "/chats", Map.of("email", "not-an-address"), null);
    ResponseEntity<String> unknownConnector = post("/livechat/no-such-connector/chats", Map.of(), null);
    String token = (String) startChat(connector, Map.of("name", "Ann")).get("token");
    ResponseEntity<String> blank = post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", " "), token);

    assertThat(badEmail.getStatusCode().value()).isEqualTo(400);
    assertThat(badEmail.getBody()).contains("email must be an e-mail address");
    assertThat(unknownConnector.getStatusCode().value()).isEqualTo(404);
    assertThat(blank.getStatusCode().value()).isEqualTo(400);
    assertThat(blank.getBody()).contains("text must not be empty");
  }

  @Test
  void whenTheChannelRequiresConsentTheFirstMessageWaitsForIt() {
    ConnectorSettings connector = connector(true, false);
    Map<String, Object> chat = startChat(connector, Map.of("name", "Ann", "email", "ann@example.com"));
    String token = (String) chat.get("token");
    assertThat(chat).containsEntry("consentRequired", true).containsEntry("consentText", "We store this chat to answer you.");

    ResponseEntity<String> early = post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hi"), token);
    assertThat(early.getStatusCode().value()).isEqualTo(409);
    assertThat(early.getBody()).contains("consent");
    assertThat(ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1")).isEmpty();

    assertThat(post("/livechat/consent", null, token).getStatusCode().value()).isEqualTo(204);
    assertThat(post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hi"), token).getStatusCode().value())
        .isEqualTo(202);
    assertThat(ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1").orElseThrow().getClient().email()).isEqualTo("ann@example.com");
  }

  @Test
  void operatorMessagesArriveOnTheOpenEventStream() throws Exception {
    ConnectorSettings connector = connector(false, false);
    Map<String, Object> chat = startChat(connector, Map.of());
    String sessionId = (String) chat.get("sessionId");

    try (LiveChatClient browser = new LiveChatClient(port, (String) chat.get("token"))) {
      liveChatMessenger().deliver(operatorMessage(connector, sessionId, "conversation-1", "Hello, I am Olga"));

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(browser.messageData()).singleElement().asString().contains("\"text\":\"Hello, I am Olga\""));
    }
  }

  @Test
  void messagesSentWhileNoStreamIsOpenArriveOnTheNextConnectOnce() throws Exception {
    ConnectorSettings connector = connector(false, false);
    Map<String, Object> chat = startChat(connector, Map.of());
    String sessionId = (String) chat.get("sessionId");
    OutboundMessage first = reply(connector, sessionId, 1);
    liveChatMessenger().deliver(first);
    // Sent within a few milliseconds, some within the same one, and each later one with a smaller id:
    // the reconnecting visitor still reads them in the order sent.
    for (int reply = 2; reply <= 20; reply++) {
      liveChatMessenger().deliver(reply(connector, sessionId, reply));
    }
    liveChatMessenger().deliver(first);

    try (LiveChatClient browser = new LiveChatClient(port, (String) chat.get("token"))) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.messageData()).hasSize(20));
      for (int reply = 1; reply <= 20; reply++) {
        assertThat(browser.messageData().get(reply - 1)).contains("\"text\":\"Reply " + reply + "\"");
      }
    }
    try (LiveChatClient again = new LiveChatClient(port, (String) chat.get("token"))) {
      liveChatMessenger().deliver(operatorMessage(connector, sessionId, "conversation-1", "Third"));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(again.messageData()).singleElement().asString().contains("\"text\":\"Third\""));
    }
  }

  @Test
  void typingIsKeptWithItsTextOnlyWhereTheChannelShowsAPreview() {
    ConnectorSettings preview = connector(false, true);
    ConnectorSettings noPreview = connector(false, false);
    Map<String, Object> withPreview = startChat(preview, Map.of());
    Map<String, Object> without = startChat(noPreview, Map.of());

    assertThat(post("/livechat/typing", Map.of("text", "My order numb"), (String) withPreview.get("token")).getStatusCode().value())
        .isEqualTo(204);
    post("/livechat/typing", Map.of("text", "secret draft"), (String) without.get("token"));

    assertThat(chats.typingOf((String) withPreview.get("sessionId")).orElseThrow().text()).isEqualTo("My order numb");
    LiveChatSession.Typing hidden = chats.typingOf((String) without.get("sessionId")).orElseThrow();
    assertThat(hidden.text()).isNull();
    assertThat(hidden.at()).isNotNull();
  }

  @Test
  void aClosedConversationIsRatedThroughTheRatingServiceAndTheLatestRatingCounts() {
    ConnectorSettings connector = connector(false, false);
    Map<String, Object> chat = startChat(connector, Map.of());
    String token = (String) chat.get("token");
    assertThat(post("/livechat/rating", Map.of("rating", "LIKE"), token).getStatusCode().value()).isEqualTo(409);
    post("/livechat/messages", Map.of("clientMessageId", "c-1", "text", "Hi"), token);
    String conversationId = ingestion.find(connector.id(), (String) chat.get("sessionId"), "c-1").orElseThrow().getConversationId();

    ResponseEntity<String> whileOpen = post("/livechat/rating", Map.of("rating", "LIKE"), token);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)), new Update().set("status", ConversationStatus.CLOSED),
        Conversation.class);
    ResponseEntity<String> unknownVerdict = post("/livechat/rating", Map.of("rating", "SUPERB"), token);
    ResponseEntity<String> rated = post("/livechat/rating", Map.of("rating", "LIKE", "comment", "Quick answer"), token);
    Conversation afterFirst = mongo.findById(conversationId, Conversation.class);
    ResponseEntity<String> changedMind = post("/livechat/rating", Map.of("rating", "DISLIKE"), token);

    assertThat(whileOpen.getStatusCode().value()).isEqualTo(409);
    assertThat(whileOpen.getBody()).contains("once the operator closed");
    assertThat(unknownVerdict.getStatusCode().value()).isEqualTo(400);
    assertThat(unknownVerdict.getBody()).contains("rating must be one of [LIKE, DISLIKE]");
    assertThat(rated.getStatusCode().value()).isEqualTo(204);
    assertThat(afterFirst.getClientRating()).isEqualTo(ClientRating.LIKE);
    assertThat(afterFirst.getClientRatingComment()).isEqualTo("Quick answer");
    assertThat(changedMind.getStatusCode().value()).isEqualTo(204);
    Conversation stored = mongo.findById(conversationId, Conversation.class);
    assertThat(stored.getClientRating()).isEqualTo(ClientRating.DISLIKE);
    assertThat(stored.getClientRatingComment()).isNull();
    ProcessCommand command = outbox.find("rating:" + conversationId).orElseThrow();
    assertThat(command.messageName()).isEqualTo(Workflow.Message.CLIENT_RATED);
    assertThat(command.variables()).containsEntry(Workflow.Variable.CLIENT_RATING, "LIKE")
        .containsEntry(Workflow.Variable.CLIENT_RATING_COMMENT, "Quick answer");
  }
}
