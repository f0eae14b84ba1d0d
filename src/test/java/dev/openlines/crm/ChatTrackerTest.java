package dev.openlines.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatTrackerTest {

  @Autowired ChatTracker tracker;
  @Autowired CrmPort crm;
  @Autowired MongoTemplate mongo;

  @Test
  void theSameClientWritingFromTwoChannelsIsOneContact() {
    String telegramChat = unique("tg");
    String visitor = unique("visitor");
    String phone = uniquePhone("49");
    String firstConversation = unique("conversation");
    String secondConversation = unique("conversation");

    IdentifiedContact viaTelegram = tracker.identify(firstConversation, "telegram", telegramChat, "Anna", phone, null);
    IdentifiedContact viaLiveChat =
        tracker.identify(secondConversation, "livechat", visitor, "Anna S.", phone.replace(" ", "-"), "Anna@Example.com");

    assertThat(viaTelegram.recognised()).isFalse();
    assertThat(viaLiveChat.recognised()).isTrue();
    assertThat(viaLiveChat.contactId()).isEqualTo(viaTelegram.contactId());
    Contact contact = crm.findContact(viaTelegram.contactId()).orElseThrow();
    assertThat(contact.identities())
        .containsExactlyInAnyOrder(
            new ConnectorIdentity("telegram", telegramChat), new ConnectorIdentity("livechat", visitor));
    assertThat(contact.phones()).containsExactly(ContactDetails.normalisePhone(phone));
    assertThat(contact.emails()).containsExactly("anna@example.com");
    assertThat(contact.name()).isEqualTo("Anna");
    assertThat(conversationsOf(contact.id())).containsExactlyInAnyOrder(firstConversation, secondConversation);
  }

  @Test
  void anEmailInAnotherCaseRecognisesTheClientAndTheNewIdentityIsAttached() {
    String email = unique("mail") + "@example.com";
    IdentifiedContact first = tracker.identify(unique("conversation"), "email", email, null, null, email);
    String whatsappNumber = uniquePhone("7");

    IdentifiedContact second =
        tracker.identify(unique("conversation"), "whatsapp", whatsappNumber, "Boris", whatsappNumber, email.toUpperCase());

    assertThat(second.contactId()).isEqualTo(first.contactId());
    assertThat(second.recognised()).isTrue();
    assertThat(second.hasContactDetails()).isTrue();
    Contact contact = crm.findContact(first.contactId()).orElseThrow();
    assertThat(contact.identities()).contains(new ConnectorIdentity("whatsapp", whatsappNumber));
    assertThat(contact.phones()).containsExactly(ContactDetails.normalisePhone(whatsappNumber));
    assertThat(contact.name()).isEqualTo("Boris");
  }

  @Test
  void aClientWithoutPhoneOrEmailHasNoContactDetailsAndDifferentClientsStayApart() {
    IdentifiedContact anonymous = tracker.identify(unique("conversation"), "livechat", unique("visitor"), null, null, null);
    IdentifiedContact other = tracker.identify(unique("conversation"), "livechat", unique("visitor"), null, null, null);

    assertThat(anonymous.hasContactDetails()).isFalse();
    assertThat(anonymous.recognised()).isFalse();
    assertThat(other.contactId()).isNotEqualTo(anonymous.contactId());
  }

  @Test
  void identifyingTheSameConversationAgainGivesTheSameAnswer() {
    String conversation = unique("conversation");
    String chat = unique("tg");

    IdentifiedContact first = tracker.identify(conversation, "telegram", chat, "Clara", null, null);
    IdentifiedContact redelivered = tracker.identify(conversation, "telegram", chat, "Clara", null, null);

    assertThat(redelivered).isEqualTo(first);
    assertThat(redelivered.recognised()).isFalse();
  }

  @Test
  void concurrentFirstMessagesOfOneClientCreateOneContact() throws Exception {
    String chat = unique("tg");
    int writers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    var start = new CountDownLatch(1);
    try {
      List<Future<IdentifiedContact>> results =
          java.util.stream.IntStream.range(0, writers)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            return tracker.identify(unique("conversation"), "telegram", chat, "Dan", null, null);
                          }))
              .toList();
      start.countDown();
      Set<String> contactIds = results.stream().map(ChatTrackerTest::get).map(IdentifiedContact::contactId).collect(Collectors.toSet());

      assertThat(contactIds).hasSize(1);
      assertThat(mongo.count(query(where("identities.clientId").is(chat)), Contact.class)).isEqualTo(1);
      assertThat(conversationsOf(contactIds.iterator().next())).hasSize(writers);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStoreRejectsASecondClaimOnTheSameDetail() {
    String phone = ContactDetails.normalisePhone(uniquePhone("1"));
    mongo.insert(new ContactKey(null, ContactKey.Kind.PHONE, phone, "contact-a"));

    assertThatThrownBy(() -> mongo.insert(new ContactKey(null, ContactKey.Kind.PHONE, phone, "contact-b")))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void aClientWithoutConnectorIdentityCannotBeIdentified() {
    assertThatThrownBy(() -> tracker.identify(unique("conversation"), "telegram", " ", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client id");
  }

  private List<String> conversationsOf(String contactId) {
    return crm.conversationsOf(contactId).stream().map(ConversationCard::conversationId).toList();
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A phone number no other test uses, in the spelling a client might type it. */
  static String uniquePhone(String countryCode) {
    return "+" + countryCode + " (" + (100 + java.util.concurrent.ThreadLocalRandom.current().nextInt(900)) + ") "
        + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9_000_000));
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
