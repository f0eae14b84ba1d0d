package dev.openlines.conversation.inbound;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.inbound.IngestionResult.Outcome;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.workflow.Workflow;
import dev.openlines.workflow.outbox.ProcessCommand;
import dev.openlines.workflow.outbox.ProcessCommandOutbox;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

// Its own context (a fresh store and outbox): in the shared context the relay can still be working
// through other classes' commands when these tests wait for theirs.
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "openlines.ingestion.relay.poll-interval=PT0.2S")
class InboundMessageServiceTest {

  @Autowired InboundMessageService ingestion;
  @Autowired OpenConversations openConversations;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversationRepository;
  @Autowired ProcessCommandOutbox outbox;
  @Autowired MongoTemplate mongo;
  @Autowired ConversationMessageStore messageStore;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;

  IngestionFixtures.Line line(long maxAttachmentBytes) {
    return new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat("ingestion", 100, maxAttachmentBytes);
  }

  long processOf(String conversationId) {
    return await().atMost(Duration.ofSeconds(60)).until(
        () -> conversationRepository.findById(conversationId).map(Conversation::getProcessInstanceKey).orElse(null),
        java.util.Objects::nonNull);
  }

  long stored(ConnectorSettings connector) {
    return mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class);
  }

  /** Queued and delivered. */
  List<ProcessCommand> commandsOf(String conversationId) {
    return mongo.find(Query.query(Criteria.where("conversationId").is(conversationId)), ProcessCommand.class);
  }

  @Test
  void theSameMessageDeliveredConcurrentlyIsStoredOnceAndStartsOneConversation() throws Exception {
    IngestionFixtures.Line line = line(1000);
    ConnectorSettings connector = line.connector();
    InboundMessage message = line.message("m-1", "client-1", "Hello");

    List<IngestionResult> results = concurrently(16, i -> ingestion.receive(message, connector));

    assertThat(results).hasSize(16).extracting(IngestionResult::messageId).containsOnly(results.get(0).messageId());
    assertThat(results).extracting(IngestionResult::outcome).contains(Outcome.ACCEPTED);
    assertThat(stored(connector)).isEqualTo(1);
    assertThat(conversationsOf(connector.channelId())).hasSize(1);
    String conversationId = results.get(0).conversationId();
    String messageId = results.get(0).messageId();
    // The message opens the conversation, whichever delivery created the conversation and whichever
    // assigned the message to it: its one command is the start, carrying it (not a client-message
    // for a conversation that nothing starts).
    assertThat(commandsOf(conversationId)).singleElement().satisfies(command -> {
      assertThat(command.kind()).isEqualTo(ProcessCommand.Kind.START_CONVERSATION);
      assertThat(command.variables()).containsEntry(Workflow.Variable.CLIENT_MESSAGE_ID, messageId);
    });
    assertThat(messageStore.history(conversationId)).singleElement()
        .satisfies(m -> assertThat(m.getOpensConversation()).isTrue());

    await().atMost(Duration.ofSeconds(60)).pollInSameThread().untilAsserted(() -> {
      Conversation conversation = conversationRepository.findById(conversationId).orElseThrow();
      assertThat(conversation.getProcessInstanceKey()).isNotNull();
      assertThatProcess(engine, conversation.getProcessInstanceKey()).hasPassedElement("offer");
    });
    assertThat(routing.offers(conversationId)).hasSize(1);
    Conversation conversation = conversationRepository.findById(conversationId).orElseThrow();
    assertThat(conversation.getChannelId()).isEqualTo(connector.channelId());
    assertThat(conversation.getClientId()).isEqualTo("client-1");
    assertThat(conversation.getConnectorType()).isEqualTo(ConnectorTypes.LIVECHAT);
  }

  @Test
  void theRedeliveryOfAMessageWhoseFirstDeliveryCrashedAfterOpeningTheConversationStartsIt() {
    IngestionFixtures.Line line = line(1000);
    // The first delivery opened the client's conversation and crashed before it queued anything.
    String opened = openConversations.findOrOpen(line.channelId(), ConnectorTypes.LIVECHAT, line.connector().id(), "client-1");

    IngestionResult redelivered = ingestion.receive(line.message("m-1", "client-1", "Hello"), line.connector());

    assertThat(redelivered.conversationId()).isEqualTo(opened);
    assertThat(commandsOf(opened)).singleElement().satisfies(command -> {
      assertThat(command.kind()).isEqualTo(ProcessCommand.Kind.START_CONVERSATION);
      assertThat(command.variables()).containsEntry(Workflow.Variable.CLIENT_MESSAGE_ID, redelivered.messageId());
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(conversationRepository.findById(opened).orElseThrow().getProcessInstanceKey()).isNotNull());
  }

  @Test
  void whenTheClientsNextMessageArrivesBeforeTheRedeliveryTheNextMessageOpensTheConversation() {
    IngestionFixtures.Line line = line(1000);
    String opened = openConversations.findOrOpen(line.channelId(), ConnectorTypes.LIVECHAT, line.connector().id(), "client-1");

    IngestionResult next = ingestion.receive(line.message("m-2", "client-1", "Anyone?"), line.connector());
    IngestionResult redelivered = ingestion.receive(line.message("m-1", "client-1", "Hello"), line.connector());

    assertThat(List.of(next.conversationId(), redelivered.conversationId())).containsOnly(opened);
    assertThat(outbox.find(ProcessCommandOutbox.startCommandId(opened)).orElseThrow().variables())
        .containsEntry(Workflow.Variable.CLIENT_MESSAGE_ID, next.messageId());
    assertThat(outbox.find(ProcessCommandOutbox.clientMessageCommandId(redelivered.messageId()))).isPresent();
    assertThat(commandsOf(opened)).hasSize(2);
  }

  @Test
  void concurrentFirstMessagesOfOneClientOpenOneConversation() throws Exception {
    IngestionFixtures.Line line = line(1000);
    ConnectorSettings connector = line.connector();

    List<IngestionResult> results =
        concurrently(16, i -> ingestion.receive(line.message("m-" + i, "client-1", "part " + i), connector));

    assertThat(stored(connector)).isEqualTo(16);
    assertThat(results).extracting(IngestionResult::conversationId).containsOnly(results.get(0).conversationId());
    assertThat(conversationsOf(connector.channelId())).hasSize(1);
    List<ConversationMessage> messages = messageStore.history(results.get(0).conversationId());
    assertThat(messages).filteredOn(m -> Boolean.TRUE.equals(m.getOpensConversation())).hasSize(1);
    assertThat(messages).allMatch(m -> Boolean.TRUE.equals(m.getQueued()));
    assertThat(commandsOf(results.get(0).conversationId()))
        .filteredOn(command -> command.kind() == ProcessCommand.Kind.PUBLISH_MESSAGE).hasSize(15);
  }

  @Test
  void aLaterMessageIsCorrelatedToTheRunningConversationAsAClientMessage() {
    IngestionFixtures.Line line = line(1000);
    ConnectorSettings connector = line.connector();
    IngestionResult first = ingestion.receive(line.message("m-1", "client-1", "Hi"), connector);
    long process = processOf(first.conversationId());

    IngestionResult second = ingestion.receive(line.message("m-2", "client-1", "Anyone there?"), connector);

    assertThat(second.conversationId()).isEqualTo(first.conversationId());
    // The conversation's own "client wrote again" event took it, with the second message's id.
    await().atMost(Duration.ofSeconds(60)).pollInSameThread().untilAsserted(() ->
        assertThatProcess(engine, process).hasPassedElement("client-wrote-again")
            .hasVariableWithValue(Workflow.Variable.CLIENT_MESSAGE_ID, second.messageId()));
    assertThat(commandsOf(first.conversationId())).extracting(ProcessCommand::kind)
        .containsExactlyInAnyOrder(ProcessCommand.Kind.START_CONVERSATION, ProcessCommand.Kind.PUBLISH_MESSAGE);
  }

  @Test
  void anEditReplacesTheStoredMessageAndQueuesNothing() {
    IngestionFixtures.Line line = line(1000);
    ConnectorSettings connector = line.connector();
    IngestionResult original = ingestion.receive(line.message("m-1", "client-1", "Helo"), connector);
    InboundMessage edit = line.edit("m-1", "client-1", "Hello");

    IngestionResult edited = ingestion.receive(edit, connector);

    assertThat(edited.outcome()).isEqualTo(Outcome.EDITED);
    assertThat(edited.messageId()).isEqualTo(original.messageId());
    assertThat(stored(connector)).isEqualTo(1);
    ConversationMessage stored = ingestion.find(connector.id(), "client-1", "m-1").orElseThrow();
    assertThat(stored.getText()).isEqualTo("Hello");
    assertThat(stored.getEditedAt()).isNotNull();
    assertThat(commandsOf(original.conversationId())).hasSize(1);
  }

  @Test
  void aMessageAfterTheConversationClosedOpensANewOne() {
    IngestionFixtures.Line line = line(1000);
    ConnectorSettings connector = line.connector();
    IngestionResult first = ingestion.receive(line.message("m-1", "client-1", "Hi"), connector);
    // Its operator answers and closes it (the channel keeps no rating wait).
    OperatorJourney operator = new OperatorJourney(http, apiKeys, routing, conversationRepository, line.operatorId());
    operator.awaitOffer(first.conversationId());
    operator.answer(first.conversationId());
    operator.close(first.conversationId());

    IngestionResult next = ingestion.receive(line.message("m-2", "client-1", "Me again"), connector);
    IngestionResult otherClient = ingestion.receive(line.message("m-3", "client-2", "Hi"), connector);

    assertThat(next.conversationId()).isNotEqualTo(first.conversationId());
    assertThat(ingestion.find(connector.id(), "client-1", "m-2").orElseThrow().getOpensConversation()).isTrue();
    assertThat(otherClient.conversationId()).isNotIn(first.conversationId(), next.conversationId());
    assertThat(outbox.find(ProcessCommandOutbox.startCommandId(next.conversationId()))).isPresent();
  }

  @Test
  void filesOverTheConnectorsLimitAreStoredWithoutTheirDownloadReference() {
    IngestionFixtures.Line line = line(1000);
    ConnectorSettings connector = line.connector();
    InboundMessage withFiles = line.withFiles("m-1", "client-1", "see files",
        new OutboundMessage.Attachment("small.pdf", "application/pdf", 1000, "ref-small"),
        new OutboundMessage.Attachment("big.pdf", "application/pdf", 1001, "ref-big"));

    ingestion.receive(withFiles, connector);

    assertThat(ingestion.find(connector.id(), "client-1", "m-1").orElseThrow().getAttachments()).containsExactly(
        new ConversationMessage.StoredAttachment("small.pdf", "application/pdf", 1000, "ref-small", false),
        new ConversationMessage.StoredAttachment("big.pdf", "application/pdf", 1001, null, true));
  }

  @Test
  void theStoreRejectsASecondCopyOfAMessageByItself() {
    IngestionFixtures.Line line = line(1000);
    ConnectorSettings connector = line.connector();
    ingestion.receive(line.message("m-1", "client-1", "Hi"), connector);
    ConversationMessage copy = ConversationMessage.inbound(UUID.randomUUID().toString(), null, connector.id(), connector.type(), "x",
        "m-1", "client-1", null, "copy", List.of(), null, clock.instant());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> mongo.insert(copy))
        .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
  }

  private List<Conversation> conversationsOf(String channelId) {
    return mongo.find(Query.query(Criteria.where("channelId").is(channelId)), Conversation.class);
  }

  interface Call<T> {
    T call(int index) throws Exception;
  }

  static <T> List<T> concurrently(int threads, Call<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      IntStream.range(0, threads).forEach(i -> futures.add(pool.submit((Callable<T>) () -> {
        start.await();
        return call.call(i);
      })));
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
