package dev.openlines.conversation;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.conversation.ConversationDeadlines.Deadline;
import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.workflow.Workflow;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Deadlines the conversation process arms, kept in the store: the rating wait after an operator closes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadlinesProcessTest {

  static final Duration WAIT = SupportDesk.WAIT;

  @Autowired TestRestTemplate http;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationDeadlineService deadlines;

  @Autowired ClientConversations clients;
  @Autowired SupportDesks desks;
  @Autowired ClientRatings ratings;

  SupportDesk desk;
  String anna;
  /** A stored conversation for the service-level tests of arming below. */
  String conversationId;

  @BeforeEach
  void setUp() {
    desk = desks.open();
    anna = desk.operator("Anna");
    conversationId = "conversation-" + UUID.randomUUID();
    conversations.save(new Conversation(conversationId, "channel-1", "test", "connector-1", "client-1", clock.instant()));
  }

  /** Anna's channel with this rating wait, set by the admin. */
  private String channelWithRatingWait(String ratingWait, boolean closeOnRating) {
    return desk.channel("rating-wait", Map.of("closing", Map.of("ratingWait", ratingWait, "closeOnRating", closeOnRating)), anna);
  }

  /** A client writes, anna answers and closes the conversation: its rating wait starts. */
  private Started closedByAnna(String channel) {
    Started c = clients.start(channel);
    desk.answers(anna, c.conversationId()).close(c.conversationId());
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, c.key()).hasPassedElement("set-rating-wait").isWaitingAtElements("rating-wait"));
    return c;
  }

  private Instant storedRatingWaitEnd(String conversationId) {
    return deadlines.deadlines(conversationId).map(ConversationDeadlines::ratingWaitEndsAt).orElse(null);
  }

  @Test
  void theRatingWaitEndsAtTheStoredDeadline() {
    String channel = channelWithRatingWait("PT15M", false);
    Instant closedAt = clock.instant();
    Started c = closedByAnna(channel);
    Instant due = storedRatingWaitEnd(c.conversationId());
    assertThat(Duration.between(closedAt, due)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(15).plusSeconds(5));
    assertThat(variable(engine, c.key(), Workflow.Variable.RATING_WAIT_ENDS_AT)).contains(due.toString());

    engine.increaseTime(Duration.between(clock.instant(), due).minusSeconds(30));
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, c.key()).isWaitingAtElements("rating-wait"));
    engine.increaseTime(Duration.ofMinutes(1));
    await().atMost(WAIT).untilAsserted(() -> assertThatProcess(engine, c.key()).hasPassedElement("rating-wait-over").isCompleted());
  }

  @Test
  void aRatingInTimeClearsTheDeadline() {
    Started c = closedByAnna(channelWithRatingWait("PT15M", true));
    assertThat(storedRatingWaitEnd(c.conversationId())).isNotNull();

    // What a connector does with the client's like (live chat, Telegram button).
    assertThat(ratings.rate(c.conversationId(), ClientRating.LIKE, null)).isEqualTo(RatingService.Result.RECORDED);

    await().atMost(WAIT).untilAsserted(() ->
        assertThatProcess(engine, c.key()).hasPassedElementsInOrder("client-rated", "clear-rating-wait").isCompleted());
    assertThat(storedRatingWaitEnd(c.conversationId())).isNull();
  }

  // A process recreated at the rating wait after a restart fires at the original deadline:
  // ConversationRecoveryRestartTest.theRatingWaitEndsAtItsOriginalDeadlineAfterARestart.

  @Test
  void anUnreadableRatingWaitIsRefusedOnSaveAndNothingIsSaved() {
    Map<String, Object> request = Map.of("id", desk.unique("unreadable"), "name", "Unreadable", "timeZone", "UTC",
        "queue", AdminApi.queue(anna, "PT2M"), "closing", Map.of("ratingWait", "fifteen minutes"));

    ResponseEntity<String> refused = http.exchange("/api/admin/channels", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN, request), String.class);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(refused.getBody()).contains("ratingWait");
    assertThat(http.exchange("/api/admin/channels/" + desk.unique("unreadable"), HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), String.class)
        .getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void aRedeliveredArmingStepKeepsTheFirstDeadline() {
    Instant first = clock.instant().plus(Duration.ofMinutes(10));
    assertThat(deadlines.armOnce(conversationId, Deadline.INACTIVITY_TIMEOUT, first, "step-77")).contains(first);
    assertThat(deadlines.armOnce(conversationId, Deadline.INACTIVITY_TIMEOUT, first.plusSeconds(40), "step-77")).contains(first);
    Instant rearmed = first.plus(Duration.ofMinutes(5));
    assertThat(deadlines.armOnce(conversationId, Deadline.INACTIVITY_TIMEOUT, rearmed, "step-78")).contains(rearmed);
    assertThat(deadlines.armOnce("no-such-" + UUID.randomUUID(), Deadline.INACTIVITY_TIMEOUT, first, "step-1")).isEmpty();
  }

  @Test
  void eachDeadlineReachesTimersUnderItsWorkflowVariableName() {
    assertThat(Deadline.OFFER_EXPIRY.variable()).isEqualTo(Workflow.Variable.OFFER_EXPIRES_AT);
    assertThat(Deadline.KPI_DUE.variable()).isEqualTo(Workflow.Variable.KPI_DUE_AT);
    assertThat(Deadline.INACTIVITY_TIMEOUT.variable()).isEqualTo(Workflow.Variable.INACTIVITY_TIMEOUT_AT);
    assertThat(Deadline.RATING_WAIT_END.variable()).isEqualTo(Workflow.Variable.RATING_WAIT_ENDS_AT);
    assertThat(Deadline.REOPENING.variable()).isEqualTo(Workflow.Variable.REOPENS_AT);
    assertThat(Deadline.BOT_SILENCE.variable()).isEqualTo(Workflow.Variable.BOT_SILENT_UNTIL);
  }
}
