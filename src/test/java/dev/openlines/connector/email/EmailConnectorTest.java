package dev.openlines.connector.email;

import dev.openlines.connector.EmailSettings;
import dev.openlines.testing.TestChannels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.inbound.InboundMessageService;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** A connector reading a real IMAP mailbox (GreenMail, with IDLE) and answering over its SMTP server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmailConnectorTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  /** Far longer than any wait here: a mail read within WAIT was announced by IDLE, not found by polling. */
  static final Duration NO_POLLING = Duration.ofMinutes(10);

  @Autowired ConnectorSettingsService connectors;

  @Autowired dev.openlines.channel.ChannelService channelService;
  @Autowired InboundMessageService ingestion;
  @Autowired EmailMailboxes mailboxes;
  @Autowired EmailMessenger messenger;
  @Autowired EmailIngestion emailIngestion;
  @Autowired EmailThreads threads;
  @Autowired MongoTemplate mongo;

  GreenMailBox mail;
  ConnectorSettings connector;

  @BeforeEach
  void mailbox() {
    mail = new GreenMailBox();
    connector = connectors.create(ConnectorSettings.of(null, TestChannels.create(channelService), ConnectorTypes.EMAIL, 1000,
        mail.settings(NO_POLLING)));
    await().atMost(WAIT).until(() -> mailboxes.watcher(connector.id()).map(MailboxWatcher::usingIdle).orElse(false));
  }

  @AfterEach
  void stop() {
    connectors.delete(connector.id());
    mail.close();
  }

  ConversationMessage awaitStored(String messageId) {
    // Stored first, assigned to its conversation right after.
    return await().atMost(WAIT).until(() -> ingestion.findAnySender(connector.id(), messageId).orElse(null),
        message -> message != null && message.getConversationId() != null);
  }

  long stored() {
    return mongo.count(Query.query(Criteria.where("connectorId").is(connector.id())), ConversationMessage.class);
  }

  @Test
  void aMailArrivingWhileTheMailboxIdlesIsStoredWithItsSenderAsClient() throws Exception {
    mail.deliver(TestMails.mail("first@example.com", "Anna Schmidt <anna@example.com>", GreenMailBox.SUPPORT,
        "Router broken", "My router does not start.\n\n-- \nAnna Schmidt"));

    ConversationMessage stored = awaitStored("first@example.com");
    assertThat(stored.getClientId()).isEqualTo("anna@example.com");
    assertThat(stored.getClient().email()).isEqualTo("anna@example.com");
    assertThat(stored.getClient().name()).isEqualTo("Anna Schmidt");
    assertThat(stored.getText()).isEqualTo("Router broken\n\nMy router does not start.");
    assertThat(stored.getConversationId()).isNotNull();
  }

  @Test
  void theReplyThreadsInTheClientsMailProgramAndTheAnswerToItJoinsTheSameConversation() throws Exception {
    mail.deliver(TestMails.mail("root@example.com", "anna@example.com", GreenMailBox.SUPPORT, "Invoice 42", "Is it paid?"));
    String conversationId = awaitStored("root@example.com").getConversationId();
    // The thread is recorded right after the message: an operator's reply comes much later than this.
    await().atMost(WAIT).until(() -> threads.ofConversation(conversationId).isPresent());

    messenger.deliver(new OutboundMessage("op-1-" + UUID.randomUUID(), conversationId, ConnectorTypes.EMAIL, connector.id(),
        "anna@example.com", "Yes, on Monday.", List.of()));

    MimeMessage reply = await().atMost(WAIT).until(() -> mail.sentTo("anna@example.com"), found -> !found.isEmpty()).getFirst();
    assertThat(reply.getSubject()).isEqualTo("Re: Invoice 42");
    assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo("<root@example.com>");
    assertThat(reply.getHeader("References", null)).isEqualTo("<root@example.com>");
    assertThat(reply.getFrom()[0].toString()).isEqualTo("ACME Support <" + GreenMailBox.SUPPORT + ">");
    assertThat(reply.getHeader("Auto-Submitted")).isNull();
    String replyId = MailReader.stripBrackets(reply.getMessageID());

    // Her colleague answers the reply: the thread, not the sender, decides the conversation.
    mail.deliver(TestMails.reply("answer@example.com", "bob@example.com", GreenMailBox.SUPPORT, "Re: Invoice 42",
        "Thank you!\n\nOn Tue, 1 Dec 2026 at 10:15, ACME Support <support@openlines.test> wrote:\n> Yes, on Monday.",
        replyId, "<root@example.com> <" + replyId + ">"));

    ConversationMessage answer = awaitStored("answer@example.com");
    assertThat(answer.getConversationId()).isEqualTo(conversationId);
    assertThat(answer.getClientId()).isEqualTo("anna@example.com");
    assertThat(answer.getClient().email()).isEqualTo("bob@example.com");
    assertThat(answer.getText()).isEqualTo("Thank you!");
  }

  @Test
  void autoRepliesAndBouncesNeverOpenAConversation() throws Exception {
    mail.deliver(TestMails.outOfOffice("ooo@example.com", "bob@example.com", GreenMailBox.SUPPORT));
    mail.deliver(TestMails.bounce("dsn@mx.example.com", GreenMailBox.SUPPORT, "gone@example.com"));
    mail.deliver(TestMails.mail("after@example.com", "carla@example.com", GreenMailBox.SUPPORT, "Question", "Hello?"));

    // Mails are read in the order they arrived: once the last is stored, the two before were looked at.
    awaitStored("after@example.com");
    assertThat(ingestion.findAnySender(connector.id(), "ooo@example.com")).isEmpty();
    assertThat(ingestion.findAnySender(connector.id(), "dsn@mx.example.com")).isEmpty();
    assertThat(stored()).isEqualTo(1);
  }

  @Test
  void attachmentsWithinTheLimitAreKeptLargerOnesAsMetadataOnly() throws Exception {
    mail.deliver(TestMails.withAttachment("files@example.com", "anna@example.com", GreenMailBox.SUPPORT, "Files", "Both attached",
        "small.pdf", new byte[500]));
    mail.deliver(TestMails.withAttachment("big@example.com", "anna@example.com", GreenMailBox.SUPPORT, "Files", "Too big",
        "big.pdf", new byte[5000]));

    ConversationMessage small = awaitStored("files@example.com");
    ConversationMessage big = awaitStored("big@example.com");
    assertThat(small.getAttachments()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo("small.pdf");
      assertThat(a.size()).isEqualTo(500);
      assertThat(a.tooLarge()).isFalse();
      assertThat(a.downloadReference()).startsWith("email-attachment:");
    });
    assertThat(big.getAttachments()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo("big.pdf");
      assertThat(a.tooLarge()).isTrue();
      assertThat(a.downloadReference()).isNull();
    });
  }

  @Test
  void theSameMailDeliveredTwentyTimesConcurrentlyIsStoredOnce() throws Exception {
    MimeMessage same = TestMails.mail("twenty@example.com", "anna@example.com", GreenMailBox.SUPPORT, "Twice?", "Once only");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < 20; i++) {
        pool.submit(() -> {
          start.await();
          mail.deliver(new MimeMessage(same));
          return null;
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    mail.deliver(TestMails.mail("marker@example.com", "anna@example.com", GreenMailBox.SUPPORT, "Re: Twice?", "Marker"));

    awaitStored("marker@example.com");
    assertThat(mongo.count(Query.query(Criteria.where("connectorId").is(connector.id()).and("externalMessageId").is("twenty@example.com")),
        ConversationMessage.class)).isEqualTo(1);
  }

  @Test
  void theSameMailReadByTwentyInstancesAtOnceIsStoredOnce() throws Exception {
    // Two application instances watching one mailbox read every mail twice, at the same moment.
    ReadMail same = MailReader.read(TestMails.mail("parallel@example.com", "anna@example.com", GreenMailBox.SUPPORT, "Hello",
        "Only once"), "unused", 1000);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<java.util.concurrent.Future<?>> reads = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        reads.add(pool.submit(() -> {
          start.await();
          return emailIngestion.accept(connector, same);
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> read : reads) {
        read.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(stored()).isEqualTo(1);
  }

  @Test
  void aRefusedLoginIsPermanentAnUnreachableServerTemporary() {
    EmailSettings good = mail.settings(NO_POLLING);
    ConnectorSettings wrongPassword = connectors.create(ConnectorSettings.of(null, "channel-" + UUID.randomUUID(), ConnectorTypes.EMAIL,
        1000, new EmailSettings(good.address(), null, "127.0.0.1", 1, good.imapSecurity(), good.smtpHost(), good.smtpPort(),
            good.smtpSecurity(), good.username(), "wrong-password", NO_POLLING)));
    ConnectorSettings unreachable = connectors.create(ConnectorSettings.of(null, "channel-" + UUID.randomUUID(), ConnectorTypes.EMAIL,
        1000, new EmailSettings(good.address(), null, "127.0.0.1", 1, good.imapSecurity(), "127.0.0.1", 1,
            good.smtpSecurity(), good.username(), good.password(), NO_POLLING)));
    try {
      assertThatThrownBy(() -> messenger.deliver(new OutboundMessage("m-" + UUID.randomUUID(), "c", ConnectorTypes.EMAIL,
          wrongPassword.id(), "anna@example.com", "Hi", List.of())))
          .isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.getMessage()).contains("refused the login").doesNotContain("wrong-password");
          });
      assertThatThrownBy(() -> messenger.deliver(new OutboundMessage("m-" + UUID.randomUUID(), "c", ConnectorTypes.EMAIL,
          unreachable.id(), "anna@example.com", "Hi", List.of())))
          .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).isFalse());
    } finally {
      connectors.delete(wrongPassword.id());
      connectors.delete(unreachable.id());
    }
  }
}
