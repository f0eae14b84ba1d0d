package dev.openlines.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.ConversationStatus;
import dev.openlines.conversation.ConversationStatusService;
import dev.openlines.conversation.DeliveryStatus;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.quickanswer.QuickAnswerRequest;
import dev.openlines.quickanswer.QuickAnswerService;
import dev.openlines.routing.OfferRequest;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.TestMessenger;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import java.time.Clock;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The operator task list over HTTP; offers are made by the real RoutingService, messages go to the engine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TaskListApiTest {

  private static final AtomicLong ATTEMPTS = new AtomicLong(System.nanoTime());

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired QuickAnswerService quickAnswers;
  @Autowired TestMessenger messenger;
  @Autowired ZeebeTestEngine engine;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;
  @Autowired MongoTemplate mongo;

  String prefix = UUID.randomUUID().toString().substring(0, 8);
  String anna;
  String ben;
  String channel;
  String annaKey;
  String benKey;

  @BeforeEach
  void setUp() {
    anna = operator("anna");
    ben = operator("ben");
    channel = "t-" + prefix + "-tasks";
    channels.save(
        new OpenChannel(channel, "Tasks", ZoneId.of("Europe/Berlin"),
            new QueueSettings(List.of(QueueEntry.operator(anna), QueueEntry.operator(ben)), DistributionMode.STRICT,
                Duration.ofMinutes(2), 3, LimitExclusion.CLOSED, true)));
    ApiTokens tokens = new ApiTokens(apiKeys);
    annaKey = tokens.operator(anna);
    benKey = tokens.operator(ben);
  }

  String operator(String name) {
    String id = prefix + "-" + name;
    operators.create(new Operator(id, name, Set.of()));
    operators.changePresence(id, Presence.ONLINE);
    return id;
  }

  /** A conversation offered (STRICT, queue order) to anna. */
  String offeredConversation() {
    String id = "conv-" + UUID.randomUUID();
    conversations.save(new Conversation(id, channel, TestMessenger.TYPE, "client-" + id, clock.instant()));
    routing.offer("attempt-" + ATTEMPTS.incrementAndGet(), new OfferRequest(id, channel, null, null));
    return id;
  }

  /** Offered to anna, skipped, offered to ben and answered by him. */
  String heldByBen() {
    String id = offeredConversation();
    routing.skip(id, anna);
    routing.offer("attempt-" + ATTEMPTS.incrementAndGet(), new OfferRequest(id, channel, null, null));
    routing.answer(id, ben);
    return id;
  }

  ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpEntity<?> entity = token == null ? ApiTokens.anonymous(body) : ApiTokens.request(token, body);
    return http.exchange(path, method, entity, JsonNode.class);
  }

  ResponseEntity<JsonNode> post(String path, String token) {
    return call(HttpMethod.POST, path, token, null);
  }

  boolean published(String messageName, String conversationId) {
    return java.util.stream.StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).messageRecords().spliterator(), false)
        .anyMatch(r -> r.getValue().getName().equals(messageName) && r.getValue().getCorrelationKey().equals(conversationId));
  }

  @Test
  void inboxShowsMyOfferWithTimeLeftAndOnlyMine() {
    String id = offeredConversation();

    ResponseEntity<JsonNode> inbox = call(HttpMethod.GET, "/api/operator/inbox", annaKey, null);

    assertThat(inbox.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode offer = inbox.getBody().get("offers").get(0);
    assertThat(offer.get("conversationId").asText()).isEqualTo(id);
    assertThat(offer.get("channelId").asText()).isEqualTo(channel);
    assertThat(offer.get("secondsLeft").asLong()).isBetween(60L, 120L);
    assertThat(call(HttpMethod.GET, "/api/operator/inbox", benKey, null).getBody().get("offers")).isEmpty();
  }

  @Test
  void inboxNamesTheClientOfOffersAndHeldConversations() {
    String offered = offeredConversation();
    String held = heldByBen();
    for (String id : List.of(offered, held)) {
      Instant now = clock.instant();
      messages.storeInbound(ConversationMessage.inbound(id + ":1", id, "c", TestMessenger.TYPE, channel, "e-" + id, "client-" + id,
          new dev.openlines.connector.InboundMessage.ClientProfile("Clara", null, null, null), "Hello", List.of(), now, now));
    }

    JsonNode offer = call(HttpMethod.GET, "/api/operator/inbox", annaKey, null).getBody().get("offers").get(0);
    JsonNode conversation = call(HttpMethod.GET, "/api/operator/inbox", benKey, null).getBody().get("conversations").get(0);

    assertThat(offer.get("conversationId").asText()).isEqualTo(offered);
    assertThat(offer.get("clientName").asText()).isEqualTo("Clara");
    assertThat(conversation.get("conversationId").asText()).isEqualTo(held);
    assertThat(conversation.get("clientName").asText()).isEqualTo("Clara");
  }

  @Test
  void inboxListsHeldConversationsNewestActivityFirst() {
    String older = heldByBen();
    String newer = heldByBen();
    messages.storeOutgoingOnce(
        ConversationMessage.outgoing(older + ":note", older, MessageAuthor.OPERATOR, ben, "later note", true, List.of(),
            clock.instant().plusSeconds(60)));

    JsonNode held = call(HttpMethod.GET, "/api/operator/inbox", benKey, null).getBody().get("conversations");

    assertThat(held.findValuesAsText("conversationId")).containsExactly(older, newer);
  }

  @Test
  void skipThenTheNextOperatorAnswersAndTheFirstGetsAConflict() {
    String id = offeredConversation();

    assertThat(post("/api/conversations/" + id + "/answer", benKey).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("/api/conversations/" + id + "/skip", annaKey).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(published(Workflow.Message.OFFER_SKIPPED, id)).isTrue();
    routing.offer("attempt-" + ATTEMPTS.incrementAndGet(), new OfferRequest(id, channel, null, null));

    ResponseEntity<JsonNode> late = post("/api/conversations/" + id + "/answer", annaKey);
    assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(late.getBody().get("detail").asText()).contains("not offered to you");
    assertThat(post("/api/conversations/" + id + "/answer", benKey).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(routing.state(id).orElseThrow().getAssignedOperatorId()).isEqualTo(ben);
    assertThat(call(HttpMethod.GET, "/api/operator/inbox", benKey, null).getBody().get("conversations").findValuesAsText("conversationId"))
        .contains(id);
    assertThat(post("/api/conversations/" + id + "/skip", annaKey).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void actionsOnAClosedConversationAreConflictsEvenForItsHolder() {
    String id = heldByBen();
    routing.close(id);

    for (String action : List.of("answer", "close", "spam", "pin")) {
      ResponseEntity<JsonNode> late = post("/api/conversations/" + id + "/" + action, benKey);
      assertThat(late.getStatusCode()).as(action).isEqualTo(HttpStatus.CONFLICT);
      assertThat(late.getBody().get("detail").asText()).as(action).isEqualTo("Conversation " + id + " is already closed");
    }
    ResponseEntity<JsonNode> reply = call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "Still there?"));
    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(messages.history(id)).isEmpty();
    assertThat(published(Workflow.Message.CONVERSATION_CLOSED, id)).isFalse();
  }

  @Test
  void wrongRoleAndNoTokenAreRefused() {
    String id = offeredConversation();
    String supervisor = new ApiTokens(apiKeys).supervisor();

    assertThat(call(HttpMethod.GET, "/api/operator/inbox", null, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(HttpMethod.GET, "/api/operator/inbox", supervisor, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("/api/conversations/" + id + "/answer", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(post("/api/conversations/" + id + "/answer", supervisor).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(routing.state(id).orElseThrow().getAssignedOperatorId()).isNull();
    assertThat(post("/api/conversations/conv-missing-" + prefix + "/answer", annaKey).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aReplyIsDeliveredAndCountsAsResponseASilentNoteIsOnlyStored() {
    String id = heldByBen();

    ResponseEntity<JsonNode> reply = call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "Hello!"));
    ResponseEntity<JsonNode> note =
        call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "VIP client", "silent", true));

    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(reply.getBody().get("delivery").asText()).isEqualTo("DELIVERED");
    assertThat(note.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(note.getBody().get("delivery").asText()).isEqualTo(DeliveryStatus.NOT_SENT.name());
    assertThat(messenger.deliveredTo(id)).extracting(m -> m.text()).containsExactly("Hello!");
    assertThat(published(Workflow.Message.OPERATOR_REPLIED, id)).isTrue();
    assertThat(messages.history(id)).extracting(ConversationMessage::getText).containsExactly("Hello!", "VIP client");
  }

  @Test
  void aReplyWhileTheMessengerIsDownIsAcceptedCountsAsTheResponseAndIsDeliveredOnceLater() {
    String id = heldByBen();
    mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), Update.update("awaitingReplySince", clock.instant()), Conversation.class);
    messenger.failNext(id, DeliveryException.temporary("messenger down", Duration.ofSeconds(5), null));

    ResponseEntity<JsonNode> reply = call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "Hello?"));

    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(reply.getBody().get("delivery").asText()).isEqualTo("RETRYING");
    assertThat(reply.getBody().get("deliveryError").asText()).isEqualTo("messenger down");
    assertThat(reply.getBody().get("nextDeliveryAttemptAt").asText()).isNotBlank();
    assertThat(published(Workflow.Message.OPERATOR_REPLIED, id)).isTrue();
    Conversation after = conversations.findById(id).orElseThrow();
    assertThat(after.getAwaitingReplySince()).isNull();
    assertThat(after.getResponseTimes()).hasSize(1);

    // A second reply while the first is still queued waits behind it.
    ResponseEntity<JsonNode> second = call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "Are you there?"));
    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(second.getBody().get("delivery").asText()).isEqualTo("PENDING");

    engine.increaseTime(Duration.ofSeconds(6));
    await().atMost(Duration.ofSeconds(30)).until(() -> messenger.deliveredTo(id).size() == 2);
    assertThat(messenger.deliveredTo(id)).extracting(OutboundMessage::text).containsExactly("Hello?", "Are you there?");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(call(HttpMethod.GET, "/api/conversations/" + id + "/messages", benKey, null).getBody().findValuesAsText("delivery"))
            .containsExactly("DELIVERED", "DELIVERED"));
    assertThat(messenger.attemptsFor(id)).isEqualTo(3);
  }

  @Test
  void aReplyToAClientWhoBlockedTheBotIsMarkedRefusedOnceAndShownInTheHistory() {
    String id = heldByBen();
    messenger.failNext(id, DeliveryException.permanent("Forbidden: bot was blocked by the user"));

    ResponseEntity<JsonNode> reply = call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "Hello?"));

    assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(reply.getBody().get("delivery").asText()).isEqualTo("REFUSED");
    assertThat(reply.getBody().get("deliveryError").asText()).contains("blocked by the user");
    assertThat(messenger.attemptsFor(id)).as("never retried").isEqualTo(1);
    assertThat(published(Workflow.Message.OPERATOR_REPLIED, id)).isFalse();
    JsonNode history = call(HttpMethod.GET, "/api/conversations/" + id + "/messages", benKey, null).getBody();
    assertThat(history).singleElement().satisfies(message -> {
      assertThat(message.get("delivery").asText()).isEqualTo("REFUSED");
      assertThat(message.get("deliveryError").asText()).contains("blocked by the user");
    });
  }

  @Test
  void aQuickAnswerIsSentByItsId() {
    String id = heldByBen();
    String answerId = quickAnswers.create(channel, new QuickAnswerRequest("Hours", "We are open 9-17."), "admin").id();

    ResponseEntity<JsonNode> sent =
        call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("quickAnswerId", answerId));

    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(messenger.deliveredTo(id)).extracting(m -> m.text()).containsExactly("We are open 9-17.");
    ResponseEntity<JsonNode> unknown =
        call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("quickAnswerId", "nope"));
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody().get("detail").asText()).contains("quickAnswerId");
  }

  @Test
  void badOrForeignMessagesChangeNothing() {
    String id = heldByBen();

    ResponseEntity<JsonNode> both =
        call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "a", "quickAnswerId", "b"));
    ResponseEntity<JsonNode> none = call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of());
    ResponseEntity<JsonNode> notHeld =
        call(HttpMethod.POST, "/api/conversations/" + id + "/messages", annaKey, Map.of("text", "hi"));

    assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(both.getBody().get("detail").asText()).contains("either text or quickAnswerId");
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(notHeld.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(messages.history(id)).isEmpty();
    assertThat(messenger.deliveredTo(id)).isEmpty();
  }

  @Test
  void anOperatorEditsAndDeletesOnlyTheirOwnMessages() {
    String id = heldByBen();
    String mine = call(HttpMethod.POST, "/api/conversations/" + id + "/messages", benKey, Map.of("text", "Helo")).getBody().get("id").asText();
    messages.storeOutgoingOnce(
        ConversationMessage.outgoing(id + ":anna", id, MessageAuthor.OPERATOR, anna, "anna's note", true, List.of(), clock.instant()));
    String path = "/api/conversations/" + id + "/messages/";

    ResponseEntity<JsonNode> edited = call(HttpMethod.PUT, path + mine, benKey, Map.of("text", "Hello"));
    assertThat(edited.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(edited.getBody().get("text").asText()).isEqualTo("Hello");
    assertThat(call(HttpMethod.PUT, path + mine, benKey, Map.of("text", " ")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.PUT, path + id + ":anna", benKey, Map.of("text", "x")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.DELETE, path + id + ":anna", benKey, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(messages.find(id + ":anna").orElseThrow().getText()).isEqualTo("anna's note");

    assertThat(call(HttpMethod.DELETE, path + mine, benKey, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(messages.find(mine).orElseThrow().getDeletedAt()).isNotNull();
    assertThat(call(HttpMethod.DELETE, path + mine, benKey, null).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void closeSpamAndTransferAreSentToTheProcessOnlyByTheHolder() {
    String id = heldByBen();

    assertThat(post("/api/conversations/" + id + "/close", annaKey).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(published(Workflow.Message.CONVERSATION_CLOSED, id)).isFalse();
    ResponseEntity<JsonNode> both =
        call(HttpMethod.POST, "/api/conversations/" + id + "/transfer", benKey, Map.of("operatorId", anna, "channelId", channel));
    assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<JsonNode> unknown =
        call(HttpMethod.POST, "/api/conversations/" + id + "/transfer", benKey, Map.of("operatorId", "nobody-" + prefix));
    assertThat(unknown.getBody().get("detail").asText()).contains("no active operator");
    assertThat(published(Workflow.Message.TRANSFER, id)).isFalse();

    ResponseEntity<JsonNode> valid =
        call(HttpMethod.POST, "/api/conversations/" + id + "/transfer", benKey, Map.of("operatorId", anna));
    assertThat(valid.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(java.util.stream.StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).messageRecords().spliterator(), false)
            .filter(r -> r.getValue().getName().equals(Workflow.Message.TRANSFER) && r.getValue().getCorrelationKey().equals(id))
            .map(r -> r.getValue().getVariables()))
        .allSatisfy(variables -> assertThat(variables)
            .containsEntry(Workflow.Variable.TRANSFER_TO_OPERATOR_ID, anna)
            .containsEntry(Workflow.Variable.ACTING_OPERATOR_ID, ben))
        .isNotEmpty();
    assertThat(post("/api/conversations/" + id + "/spam", benKey).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    await().atMost(Duration.ofSeconds(10)).until(() -> published(Workflow.Message.SPAM, id));
    // The spam mark is on its way: a close now would be a 202 for nothing.
    ResponseEntity<JsonNode> closeAfterSpam = post("/api/conversations/" + id + "/close", benKey);
    assertThat(closeAfterSpam.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(published(Workflow.Message.CONVERSATION_CLOSED, id)).isFalse();
  }

  @Test
  void pinnedConversationsComeFirstUnreadIsClearedByReadingRenameSetsTheTitle() {
    String older = heldByBen();
    String newer = heldByBen();
    messages.storeOutgoingOnce(
        ConversationMessage.outgoing(newer + ":note", newer, MessageAuthor.OPERATOR, ben, "note", true, List.of(),
            clock.instant().plusSeconds(60)));

    assertThat(post("/api/conversations/" + older + "/pin", benKey).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(post("/api/conversations/" + newer + "/unread", benKey).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(call(HttpMethod.POST, "/api/conversations/" + older + "/rename", benKey, Map.of("title", " Invoice 42 ")).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(call(HttpMethod.POST, "/api/conversations/" + older + "/rename", benKey, Map.of("title", "")).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(post("/api/conversations/" + older + "/pin", annaKey).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    JsonNode held = call(HttpMethod.GET, "/api/operator/inbox", benKey, null).getBody().get("conversations");
    assertThat(held.findValuesAsText("conversationId")).containsExactly(older, newer);
    assertThat(held.get(0).get("pinned").asBoolean()).isTrue();
    assertThat(held.get(0).get("title").asText()).isEqualTo("Invoice 42");
    assertThat(held.get(1).get("unread").asBoolean()).isTrue();

    assertThat(call(HttpMethod.GET, "/api/conversations/" + newer + "/messages", benKey, null).getBody().findValuesAsText("text"))
        .containsExactly("note");
    assertThat(post("/api/conversations/" + older + "/unpin", benKey).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    held = call(HttpMethod.GET, "/api/operator/inbox", benKey, null).getBody().get("conversations");
    assertThat(held.findValuesAsText("conversationId")).containsExactly(newer, older);
    assertThat(held.get(0).get("unread").asBoolean()).isFalse();
  }

  @Test
  void aTransferToAnotherChannelIsPublishedWithThatChannel() {
    String id = heldByBen();
    String other = "t-" + prefix + "-other";
    channels.save(
        new OpenChannel(other, "Other", ZoneId.of("Europe/Berlin"),
            new QueueSettings(List.of(QueueEntry.operator(anna)), DistributionMode.STRICT,
                Duration.ofMinutes(2), 3, LimitExclusion.CLOSED, true)));

    ResponseEntity<JsonNode> moved =
        call(HttpMethod.POST, "/api/conversations/" + id + "/transfer", benKey, Map.of("channelId", other));

    assertThat(moved.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(java.util.stream.StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).messageRecords().spliterator(), false)
            .filter(r -> r.getValue().getName().equals(Workflow.Message.TRANSFER) && r.getValue().getCorrelationKey().equals(id))
            .map(r -> r.getValue().getVariables()))
        .isNotEmpty()
        .allSatisfy(variables -> assertThat(variables)
            .containsEntry(Workflow.Variable.TRANSFER_TO_CHANNEL_ID, other)
            // Sent as null: it clears the colleague of an earlier transfer in the process.
            .containsEntry(Workflow.Variable.TRANSFER_TO_OPERATOR_ID, null));
  }

  @Test
  void anOperatorOfTheQueueInterceptsAColleaguesConversation() {
    String id = heldByBen();
    String outsider = new ApiTokens(apiKeys).operator(operator("cleo"));

    assertThat(post("/api/conversations/" + id + "/intercept", outsider).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("/api/conversations/" + id + "/intercept", benKey).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(published(Workflow.Message.INTERCEPT, id)).isFalse();
    assertThat(post("/api/conversations/" + id + "/intercept", annaKey).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(java.util.stream.StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).messageRecords().spliterator(), false)
            .filter(r -> r.getValue().getName().equals(Workflow.Message.INTERCEPT) && r.getValue().getCorrelationKey().equals(id))
            .map(r -> r.getValue().getVariables().get(Workflow.Variable.INTERCEPTING_OPERATOR_ID)))
        .containsOnly(anna);

    String notYetHeld = offeredConversation();
    ResponseEntity<JsonNode> early = post("/api/conversations/" + notYetHeld + "/intercept", benKey);
    assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(early.getBody().get("detail").asText()).contains("answer its offer");
  }

  /**
   * Both check who holds the conversation when asked, the process acts a moment later: until it has, the
   * one asked first keeps the other out (here no process runs, so "a moment" lasts for the whole test).
   */
  @Test
  void aTransferAndAColleaguesTakeOverOnTheirWayAtOnceTheFirstWinsTheOtherIsAConflict() {
    String takenOver = heldByBen();
    assertThat(post("/api/conversations/" + takenOver + "/intercept", annaKey).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String carl = operator("carl");

    ResponseEntity<JsonNode> lateTransfer =
        call(HttpMethod.POST, "/api/conversations/" + takenOver + "/transfer", benKey, Map.of("operatorId", carl));

    assertThat(lateTransfer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(lateTransfer.getBody().get("detail").asText()).contains("taking conversation " + takenOver + " over");
    assertThat(published(Workflow.Message.TRANSFER, takenOver)).isFalse();
    assertThat(conversations.findById(takenOver).orElseThrow().getPendingTransfer()).isNull();

    String transferred = heldByBen();
    assertThat(call(HttpMethod.POST, "/api/conversations/" + transferred + "/transfer", benKey, Map.of("channelId", channel))
        .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    ResponseEntity<JsonNode> lateTakeOver = post("/api/conversations/" + transferred + "/intercept", annaKey);

    assertThat(lateTakeOver.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(lateTakeOver.getBody().get("detail").asText()).contains("being transferred or taken over");
    assertThat(published(Workflow.Message.INTERCEPT, transferred)).isFalse();
  }

  /**
   * The holder transfers right after answering, before the process has marked the conversation in progress:
   * that step closes the transfers asked for before the answer, not this one, which keeps its place.
   */
  @Test
  void aTransferRightAfterTheAnswerOutlivesTheStepThatMarksTheAnswer(@Autowired ConversationStatusService statuses) {
    String id = heldByBen();
    assertThat(call(HttpMethod.POST, "/api/conversations/" + id + "/transfer", benKey, Map.of("channelId", channel))
        .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    statuses.recordStatus(id, ConversationStatus.IN_PROGRESS, 1L);

    assertThat(conversations.findById(id).orElseThrow().getPendingTransfer()).isNotNull();
    assertThat(post("/api/conversations/" + id + "/intercept", annaKey).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void historyFindsTheClientsConversationsByDateAndWords() {
    String current = heldByBen();
    String client = "client-" + current;
    Instant longAgo = clock.instant().minus(Duration.ofDays(30));
    String past = "conv-past-" + UUID.randomUUID();
    conversations.save(new Conversation(past, channel, TestMessenger.TYPE, client, longAgo));
    String otherClients = "conv-other-" + UUID.randomUUID();
    conversations.save(new Conversation(otherClients, channel, TestMessenger.TYPE, "someone-else", longAgo));
    messages.storeInbound(ConversationMessage.inbound(past + ":1", past, "c", TestMessenger.TYPE, channel, "e-" + past, client, null, "My INVOICE is wrong", List.of(), longAgo, longAgo));
    messages.storeInbound(ConversationMessage.inbound(past + ":2", past, "c", TestMessenger.TYPE, channel, "e2-" + past, client, null, "number 42", List.of(), longAgo, longAgo));
    messages.storeInbound(ConversationMessage.inbound(otherClients + ":1", otherClients, "c", TestMessenger.TYPE, channel, "e-" + otherClients, client, null, "invoice 42", List.of(), longAgo, longAgo));
    String path = "/api/conversations/" + current + "/history";

    JsonNode all = call(HttpMethod.GET, path, benKey, null).getBody();
    assertThat(all.findValuesAsText("conversationId")).containsExactly(current, past);
    JsonNode words = call(HttpMethod.GET, path + "?q=invoice 42", benKey, null).getBody();
    assertThat(words.findValuesAsText("conversationId")).containsExactly(past);
    assertThat(words.get(0).get("matches").get(0).asText()).isEqualTo("My INVOICE is wrong");
    assertThat(call(HttpMethod.GET, path + "?q=invoice refund", benKey, null).getBody()).isEmpty();
    assertThat(call(HttpMethod.GET, path + "?from=" + clock.instant().minus(Duration.ofDays(1)), benKey, null).getBody()
        .findValuesAsText("conversationId")).containsExactly(current);
    ResponseEntity<JsonNode> backwards =
        call(HttpMethod.GET, path + "?from=" + clock.instant() + "&to=" + longAgo, benKey, null);
    assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.GET, path, annaKey, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void theHolderInvitesAColleagueWhoThenWritesButDoesNotOwnTheConversation() {
    String id = heldByBen();
    String path = "/api/conversations/" + id + "/join";

    assertThat(call(HttpMethod.POST, path, annaKey, Map.of("operatorId", anna)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.POST, path, benKey, Map.of("operatorId", ben)).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.POST, path, benKey, Map.of("operatorId", "nobody-" + prefix)).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.POST, path, benKey, Map.of()).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.POST, "/api/conversations/" + id + "/messages", annaKey, Map.of("text", "hi")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    assertThat(call(HttpMethod.POST, path, benKey, Map.of("operatorId", anna)).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(call(HttpMethod.POST, path, benKey, Map.of("operatorId", anna)).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    JsonNode annas = call(HttpMethod.GET, "/api/operator/inbox", annaKey, null).getBody().get("conversations");
    assertThat(annas.findValuesAsText("conversationId")).containsExactly(id);
    assertThat(annas.get(0).get("invited").asBoolean()).isTrue();
    assertThat(call(HttpMethod.POST, "/api/conversations/" + id + "/messages", annaKey, Map.of("text", "Anna here")).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(messenger.deliveredTo(id)).extracting(m -> m.text()).containsExactly("Anna here");
    assertThat(post("/api/conversations/" + id + "/close", annaKey).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.GET, "/api/operator/inbox", benKey, null).getBody().get("conversations").get(0).get("invited").asBoolean())
        .isFalse();
  }

  @Test
  void aRetriedCloseWithTheSameIdempotencyKeyIsPublishedOnce() {
    String id = heldByBen();
    var headers = ApiTokens.bearer(benKey);
    headers.set("Idempotency-Key", "close-" + id);

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThat(http.exchange("/api/conversations/" + id + "/close", HttpMethod.POST, new HttpEntity<>(headers), JsonNode.class).getStatusCode())
          .isEqualTo(HttpStatus.ACCEPTED);
    }

    long published =
        java.util.stream.StreamSupport.stream(RecordStream.of(engine.getRecordStreamSource()).messageRecords().spliterator(), false)
            .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.MessageIntent.PUBLISHED)
            .filter(r -> r.getValue().getName().equals(Workflow.Message.CONVERSATION_CLOSED) && r.getValue().getCorrelationKey().equals(id))
            .count();
    assertThat(published).isEqualTo(1);
  }

  @Test
  void presenceAndClockInOut() {
    ResponseEntity<JsonNode> away = call(HttpMethod.PUT, "/api/operators/me/presence", annaKey, Map.of("presence", "AWAY"));
    assertThat(away.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(away.getBody().get("present").asBoolean()).isFalse();
    assertThat(operators.get(anna).getPresence()).isEqualTo(Presence.AWAY);

    ResponseEntity<JsonNode> bad = call(HttpMethod.PUT, "/api/operators/me/presence", annaKey, Map.of("presence", "BUSY"));
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(operators.get(anna).getPresence()).isEqualTo(Presence.AWAY);
    assertThat(call(HttpMethod.PUT, "/api/operators/me/presence", annaKey, Map.of()).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(call(HttpMethod.PUT, "/api/operators/me/presence", null, Map.of("presence", "ONLINE")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(HttpMethod.PUT, "/api/operators/me/presence", ApiTokens.ADMIN, Map.of("presence", "ONLINE")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    operators.changePresence(anna, Presence.OFFLINE);
    ResponseEntity<JsonNode> in = post("/api/operators/me/clock-in", annaKey);
    assertThat(in.getBody().get("clockedIn").asBoolean()).isTrue();
    assertThat(in.getBody().get("present").asBoolean()).isTrue();
    assertThat(post("/api/operators/me/clock-out", annaKey).getBody().get("present").asBoolean()).isFalse();
  }
}
