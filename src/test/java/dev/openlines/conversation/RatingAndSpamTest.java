package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import jakarta.validation.ConstraintViolationException;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpMethod;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RatingAndSpamTest {

  @Autowired RatingService ratings;
  @Autowired ClientFlagService flags;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationStatusService statuses;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;
  @Autowired ClientConversations clients;
  @Autowired SupportDesks desks;
  @Autowired ZeebeTestEngine engine;

  String conversationId;
  String clientId;

  @BeforeEach
  void conversation() {
    conversationId = "conversation-" + UUID.randomUUID();
    clientId = "client-" + UUID.randomUUID();
    conversations.save(new Conversation(conversationId, "channel-1", "test", "telegram-1", clientId, clock.instant()));
  }

  @Test
  void theClientsLatestRatingIsStored() {
    assertThat(ratings.rateByClient(conversationId, ClientRating.DISLIKE)).isEqualTo(RatingService.Result.RECORDED);
    assertThat(ratings.rateByClient(conversationId, ClientRating.LIKE)).isEqualTo(RatingService.Result.RECORDED);

    Conversation stored = conversations.findById(conversationId).orElseThrow();
    assertThat(stored.getClientRating()).isEqualTo(ClientRating.LIKE);
    assertThat(stored.getClientRatedAt()).isNotNull();
  }

  @Test
  void aSupervisorRatesFromOneToFive() {
    assertThat(ratings.rateBySupervisor(conversationId, "sup-1", 4, "polite and quick")).isEqualTo(RatingService.Result.RECORDED);
    SupervisorRating rating = conversations.findById(conversationId).orElseThrow().getSupervisorRating();
    assertThat(rating.score()).isEqualTo(4);
    assertThat(rating.supervisorId()).isEqualTo("sup-1");
    assertThat(rating.comment()).isEqualTo("polite and quick");
  }

  @Test
  void aSupervisorScoreOutsideOneToFiveIsRejectedAndNothingStored() {
    assertThatThrownBy(() -> ratings.rateBySupervisor(conversationId, "sup-1", 6, null))
        .isInstanceOf(ConstraintViolationException.class).hasMessageContaining("between 1 and 5");
    assertThatThrownBy(() -> ratings.rateBySupervisor(conversationId, "sup-1", 0, null))
        .isInstanceOf(ConstraintViolationException.class);
    assertThatThrownBy(() -> ratings.rateByClient(conversationId, null)).isInstanceOf(ConstraintViolationException.class);
    Conversation stored = conversations.findById(conversationId).orElseThrow();
    assertThat(stored.getSupervisorRating()).isNull();
    assertThat(stored.getClientRating()).isNull();
  }

  @Test
  void spamConversationsAndUnknownConversationsAreNotRated() {
    statuses.recordStatus(conversationId, ConversationStatus.SPAM, 1L);
    assertThat(ratings.rateByClient(conversationId, ClientRating.LIKE)).isEqualTo(RatingService.Result.SPAM);
    assertThat(ratings.rateByClient("no-such-" + UUID.randomUUID(), ClientRating.LIKE)).isEqualTo(RatingService.Result.NO_SUCH_CONVERSATION);
    assertThat(conversations.findById(conversationId).orElseThrow().getClientRating()).isNull();
  }

  @Test
  void flaggingIsPerConnectorAndKeepsTheFirstFlag() {
    ClientFlag first = flags.flagSpam("telegram-1", clientId, "c-1", "anna");
    ClientFlag again = flags.flagSpam("telegram-1", clientId, "c-2", "boris");

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.flaggedBy()).isEqualTo("anna");
    assertThat(flags.isFlagged("telegram-1", clientId)).isTrue();
    assertThat(flags.isFlagged("telegram-2", clientId)).isFalse();
    assertThat(flags.unflag("telegram-1", clientId)).isTrue();
    assertThat(flags.isFlagged("telegram-1", clientId)).isFalse();
  }

  @Test
  void theSpamListRejectsASecondFlagForTheSameClient() {
    mongo.insert(new ClientFlag(UUID.randomUUID().toString(), "viber-1", clientId, "c-1", "anna", clock.instant()));
    assertThatThrownBy(() -> mongo.insert(new ClientFlag(UUID.randomUUID().toString(), "viber-1", clientId, "c-2", "anna", clock.instant())))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void anOperatorMarkingSpamFlagsTheConversationsClientOnItsConnector() {
    SupportDesk desk = desks.open();
    String anna = desk.operator("Anna");
    String channel = desk.channel("spam-flag", anna);
    Started spammer = clients.start(channel);

    desk.answers(anna, spammer.conversationId());
    assertThat(desk.as(anna).call(HttpMethod.POST, "/api/conversations/" + spammer.conversationId() + "/spam", null)
        .getStatusCode().value()).isEqualTo(202);

    await().atMost(SupportDesk.WAIT).untilAsserted(() ->
        assertThatProcess(engine, spammer.key()).hasPassedElementsInOrder("mark-spam", "flag-spam", "ended-as-spam").isCompleted());
    // Ended as spam: neither the client nor a supervisor can rate it.
    assertThat(conversations.findById(spammer.conversationId()).orElseThrow().getStatus()).isEqualTo(ConversationStatus.SPAM);
    assertThat(ratings.rateByClient(spammer.conversationId(), ClientRating.LIKE)).isEqualTo(RatingService.Result.SPAM);
    assertThat(flags.flag(ClientConversations.connector(channel).id(), spammer.clientId())).hasValueSatisfying(flag -> {
      assertThat(flag.conversationId()).isEqualTo(spammer.conversationId());
      assertThat(flag.flaggedBy()).isEqualTo(anna);
    });
  }
}
