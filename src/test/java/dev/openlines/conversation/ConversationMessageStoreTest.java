package dev.openlines.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationMessageStoreTest {

  @Autowired ConversationMessageStore store;
  @Autowired MongoTemplate mongo;
  @Autowired com.mongodb.client.MongoClient mongoClient;
  @Autowired Clock clock;

  private ConversationMessage inbound(String conversationId, String connectorId, String externalId, String text) {
    return ConversationMessage.inbound(UUID.randomUUID().toString(), conversationId, connectorId, "telegram", "channel-1", externalId,
        "client-1", null, text, List.of(), clock.instant(), clock.instant());
  }

  @Test
  void aRedeliveredInboundMessageIsStoredOnceAndTheFirstCopyIsReturned() {
    String conversation = UUID.randomUUID().toString();
    String externalId = "tg-" + UUID.randomUUID();
    var first = store.storeInbound(inbound(conversation, "telegram-1", externalId, "Hi"));
    var again = store.storeInbound(inbound(conversation, "telegram-1", externalId, "Hi"));

    assertThat(first.isNew()).isTrue();
    assertThat(again.isNew()).isFalse();
    assertThat(again.message().getId()).isEqualTo(first.message().getId());
    assertThat(store.history(conversation)).hasSize(1);
  }

  @Test
  void theIndexItselfRejectsADuplicateInboundMessage() {
    String externalId = "tg-" + UUID.randomUUID();
    mongo.insert(inbound("c1", "telegram-1", externalId, "Hi"));
    assertThatThrownBy(() -> mongo.insert(inbound("c1", "telegram-1", externalId, "Hi again")))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void theSameExternalIdFromAnotherSenderIsAnotherMessage() {
    String externalId = "m-" + UUID.randomUUID();
    var fromX = store.storeInbound(ConversationMessage.inbound(UUID.randomUUID().toString(), null, "livechat-1", "livechat",
        "channel-1", externalId, "session-x", null, "X writes", List.of(), null, clock.instant()));
    var fromY = store.storeInbound(ConversationMessage.inbound(UUID.randomUUID().toString(), null, "livechat-1", "livechat",
        "channel-1", externalId, "session-y", null, "Y writes", List.of(), null, clock.instant()));

    assertThat(fromX.isNew()).isTrue();
    assertThat(fromY.isNew()).isTrue();
    assertThat(fromY.message().getText()).isEqualTo("Y writes");
  }

  @Test
  void aHistoryListsMessagesStoredWithinOneMillisecondInTheOrderTheyCame() {
    String conversation = UUID.randomUUID().toString();
    java.time.Instant sameMillisecond = clock.instant();
    for (int i = 0; i < 10; i++) {
      // Each later message has a smaller id: ordered by time and id, the ten would come back reversed.
      String id = conversation + "-" + (99 - i);
      if (i % 2 == 0) {
        store.storeInbound(ConversationMessage.inbound(id, conversation, "telegram-1", "telegram", "channel-1", "tg-" + id,
            "client-1", null, "message " + i, List.of(), null, sameMillisecond));
      } else {
        store.storeOutgoingOnce(ConversationMessage.outgoing(id, conversation, MessageAuthor.OPERATOR, "operator-1",
            "message " + i, false, List.of(), sameMillisecond));
      }
    }

    assertThat(store.history(conversation)).extracting(ConversationMessage::getText)
        .containsExactly("message 0", "message 1", "message 2", "message 3", "message 4",
            "message 5", "message 6", "message 7", "message 8", "message 9");
  }

  @Test
  void aStoreWithTheOldSenderlessIndexIsMigratedAtStartUp() {
    // A store of its own: the shared one holds messages the old index would reject.
    MongoTemplate older = new MongoTemplate(mongoClient, "migration-" + UUID.randomUUID().toString().substring(0, 8));
    var indexes = older.indexOps(ConversationMessage.class);
    indexes.createIndex(new org.springframework.data.mongodb.core.index.Index()
        .on("connectorId", org.springframework.data.domain.Sort.Direction.ASC)
        .on("externalMessageId", org.springframework.data.domain.Sort.Direction.ASC)
        .unique().sparse().named(ConversationMessageStore.OLD_INBOUND_INDEX));

    ConversationMessageStore restarted = new ConversationMessageStore(older, new MessageOrder(clock));

    assertThat(indexes.getIndexInfo()).extracting(org.springframework.data.mongodb.core.index.IndexInfo::getName)
        .contains(ConversationMessageStore.INBOUND_INDEX).doesNotContain(ConversationMessageStore.OLD_INBOUND_INDEX);
    String externalId = "m-" + UUID.randomUUID();
    assertThat(restarted.storeInbound(ConversationMessage.inbound(UUID.randomUUID().toString(), null, "livechat-1", "livechat",
        "channel-1", externalId, "session-x", null, "X", List.of(), null, clock.instant())).isNew()).isTrue();
    assertThat(restarted.storeInbound(ConversationMessage.inbound(UUID.randomUUID().toString(), null, "livechat-1", "livechat",
        "channel-1", externalId, "session-y", null, "Y", List.of(), null, clock.instant())).isNew()).isTrue();
  }

  @Test
  void theSameExternalIdOnAnotherConnectorIsAnotherMessage() {
    String conversation = UUID.randomUUID().toString();
    assertThat(store.storeInbound(inbound(conversation, "telegram-1", "100", "a")).isNew()).isTrue();
    assertThat(store.storeInbound(inbound(conversation, "telegram-2", "100", "b")).isNew()).isTrue();
  }

  @Test
  void outgoingMessagesWithoutExternalIdsDoNotCollideInTheSparseIndex() {
    String conversation = UUID.randomUUID().toString();
    for (int i = 0; i < 3; i++) {
      store.storeOutgoingOnce(ConversationMessage.outgoing(UUID.randomUUID().toString(), conversation, MessageAuthor.OPERATOR, "op-1", "reply " + i, false, List.of(), clock.instant()));
    }
    assertThat(store.history(conversation)).hasSize(3);
  }

  @Test
  void aSilentMessageIsNeverMarkedForDelivery() {
    String conversation = UUID.randomUUID().toString();
    var note = ConversationMessage.outgoing(UUID.randomUUID().toString(), conversation, MessageAuthor.OPERATOR, "op-1", "client seems upset", true, List.of(), clock.instant());
    assertThat(store.storeOutgoingOnce(note)).isEqualTo(DeliveryStatus.NOT_SENT);
    assertThat(store.history(conversation)).singleElement().satisfies(message -> assertThat(message.isSilent()).isTrue());
  }

  @Test
  void editAndDeleteKeepTheMessageWithTheirTimes() {
    String conversation = UUID.randomUUID().toString();
    var message = ConversationMessage.outgoing(UUID.randomUUID().toString(), conversation, MessageAuthor.OPERATOR, "op-1", "Helo", false, List.of(), clock.instant());
    store.storeOutgoingOnce(message);

    assertThat(store.edit(message.getId(), "Hello", clock.instant())).isTrue();
    assertThat(store.delete(message.getId(), clock.instant())).isTrue();
    assertThat(store.edit(message.getId(), "too late", clock.instant())).isFalse();
    assertThat(store.delete(message.getId(), clock.instant())).isFalse();

    ConversationMessage stored = store.find(message.getId()).orElseThrow();
    assertThat(stored.getText()).isEqualTo("Hello");
    assertThat(stored.getEditedAt()).isNotNull();
    assertThat(stored.getDeletedAt()).isNotNull();
  }
}
