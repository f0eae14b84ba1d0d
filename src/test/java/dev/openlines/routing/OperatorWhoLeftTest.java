package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.operator.DateRange;
import dev.openlines.operator.Operator;
import dev.openlines.operator.Presence;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * An operator who goes away or offline, is dismissed or is taken out of the queue while a conversation is
 * offered to them: the offer moves on at once, not after the channel's idle time (two minutes here; the
 * engine's clock is not moved, so the idle time cannot be what moves it). Everything goes through the
 * public API: the visitor writes in the live chat, operators answer and change their presence, the admin
 * dismisses or saves the channel's queue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorWhoLeftTest {

  @Autowired SupportDesks desks;
  @Autowired RoutingService routing;
  @Autowired TestRestTemplate http;
  @Autowired MongoTemplate mongo;
  @Autowired Clock clock;

  SupportDesk desk;
  String anna;
  String ben;

  @BeforeEach
  void desk() {
    desk = desks.open();
    anna = desk.operator("Anna");
    ben = desk.operator("Ben");
  }

  @Test
  void anOfferToOneOperatorGoesToTheNextTheMomentTheyGoOffline() {
    String conversation = offeredToAnna(desk.channel("offline", anna, ben), "Vera", "Is my parcel on its way?");

    presence(anna, "OFFLINE");

    desk.as(ben).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(ben);
    assertThat(statusOfOfferTo(anna, conversation)).isEqualTo(OfferStatus.WITHDRAWN);
    desk.as(ben).answer(conversation);
  }

  @Test
  void anOfferToEveryoneIsTakenBackFromWhoeverStepsAwayAndShownAgainWhenTheyAreBack() {
    String chat = desk.liveChat(desk.channel("away", Map.of("queue", queue("ALL", true)), anna, ben));
    String conversation = desk.visitorWrites(chat, Map.of("name", "Walt"), "Hello?");
    await().atMost(SupportDesk.WAIT).until(() -> desk.openOffers(conversation).containsAll(List.of(anna, ben)));

    presence(anna, "AWAY");

    await().atMost(SupportDesk.WAIT).until(() -> desk.openOffers(conversation).equals(List.of(ben)));
    presence(anna, "ONLINE");
    desk.as(anna).awaitOffer(conversation);
    desk.as(anna).answer(conversation);
  }

  @Test
  void aDismissedOperatorsOfferMovesOnEvenWhereTheChannelIgnoresPresence() {
    String conversation = offeredToAnna(desk.channel("dismissed", Map.of("queue", queue("STRICT", false)), anna, ben), "Xena", "Anyone there?");

    assertThat(http.exchange("/api/admin/operators/" + anna, HttpMethod.DELETE, ApiTokens.request(ApiTokens.ADMIN), String.class)
        .getStatusCode().value()).isEqualTo(204);

    desk.as(ben).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(ben);
  }

  @Test
  void aDismissedOperatorsConversationsGoBackToTheQueueWithTheirHistory() {
    String conversation = heldByAnna(desk.channel("dismissed-holder", anna, ben), "Yara", "My order never came");
    desk.as(anna).reply(conversation, "Let me check that for you.");

    assertThat(http.exchange("/api/admin/operators/" + anna, HttpMethod.DELETE, ApiTokens.request(ApiTokens.ADMIN), String.class)
        .getStatusCode().value()).isEqualTo(204);

    desk.answers(ben, conversation);
    assertThat(desk.as(ben).call(HttpMethod.GET, "/api/conversations/" + conversation + "/messages", null).getBody().toString())
        .contains("My order never came", "Let me check that for you.");
    desk.as(ben).reply(conversation, "I am taking over: it ships today.");
  }

  @Test
  void aConversationLeftWithAnOperatorDismissedAtACrashGoesBackToTheQueueWithinSeconds() {
    String conversation = heldByAnna(desk.channel("dismissed-crash", anna, ben), "Lea", "Hello?");

    // The dismissal stored, but the service stopped before her conversations were handed back: no event follows.
    mongo.updateFirst(Query.query(Criteria.where("_id").is(anna)), Update.update("dismissed", true), Operator.class);

    desk.answers(ben, conversation);
  }

  @Test
  void aTransferToAColleagueWhoIsOfflineIsRefusedAndTheHolderKeepsTheConversation() {
    String conversation = heldByAnna(desk.channel("transfer-offline", anna, ben), "Zoe", "Can I change my address?");
    presence(ben, "OFFLINE");

    var refused = transfer(anna, conversation, ben);

    assertThat(refused.getStatusCode().value()).isEqualTo(409);
    assertThat(refused.getBody().path("detail").asText()).contains(ben, "cannot take a conversation now", "nothing was changed");
    assertThat(routing.state(conversation).orElseThrow().getAssignedOperatorId()).isEqualTo(anna);
    assertThat(desk.openOffers(conversation)).isEmpty();
    desk.as(anna).reply(conversation, "Yes: what is the new address?");

    presence(ben, "ONLINE");
    assertThat(transfer(anna, conversation, ben).getStatusCode().value()).isEqualTo(202);
    desk.answers(ben, conversation);
  }

  @Test
  void aConversationTransferredToAColleagueWhoThenGoesOfflineGoesToTheQueue() {
    String cai = desk.operator("Cai");
    String conversation = answeredByAnnaThenTransferredTo(cai, "transfer-left", "I was charged twice");

    presence(cai, "OFFLINE");

    String next = await().atMost(SupportDesk.WAIT).until(() -> desk.openOffers(conversation), offers -> offers.size() == 1).getFirst();
    assertThat(next).isIn(anna, ben);

    // Back online, cai does not get it back from the queue: the next skip goes on through the queue.
    presence(cai, "ONLINE");
    assertThat(desk.as(next).call(HttpMethod.POST, "/api/conversations/" + conversation + "/skip", null)
        .getStatusCode().is2xxSuccessful()).isTrue();
    String other = next.equals(anna) ? ben : anna;
    desk.answers(other, conversation);
  }

  @Test
  void aConversationTransferredToAColleagueWhoSkipsItGoesToTheQueueNotBackToThem() {
    String cai = desk.operator("Cai");
    String conversation = answeredByAnnaThenTransferredTo(cai, "transfer-skipped", "Where is my refund?");

    assertThat(desk.as(cai).call(HttpMethod.POST, "/api/conversations/" + conversation + "/skip", null)
        .getStatusCode().is2xxSuccessful()).isTrue();

    String next = await().atMost(SupportDesk.WAIT).until(() -> desk.openOffers(conversation), offers -> offers.size() == 1).getFirst();
    assertThat(next).isIn(anna, ben);
  }

  @Test
  void whereTheChannelIgnoresPresenceAnOperatorWhoGoesOfflineKeepsTheOffer() {
    String firstConversation = offeredToAnna(desk.channel("ignores", Map.of("queue", queue("STRICT", false)), anna, ben), "Yuri", "Hi");

    // An offer leaves an operator while the presence request is answered, so this is checked right after it.
    presence(anna, "OFFLINE");

    assertThat(desk.openOffers(firstConversation)).containsExactly(anna);
  }

  @Test
  void anOfferLeftWithAnOperatorWhoWentOfflineAtACrashMovesOnWithinSeconds() {
    String conversation = offeredToAnna(desk.channel("stranded", anna, ben), "Quinn", "Still there?");

    // The presence change stored, but the service stopped before her offers moved on: no event follows.
    mongo.updateFirst(Query.query(Criteria.where("_id").is(anna)), Update.update("presence", Presence.OFFLINE), Operator.class);

    desk.as(ben).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(ben);
  }

  @Test
  void anOfferLeftWithAnOperatorTakenOutOfTheQueueAtACrashMovesOnWithinSeconds() {
    String channel = desk.channel("stranded-queue", anna, ben);
    String conversation = offeredToAnna(channel, "Rhea", "Anyone there?");

    // The admin's save stored, but the service stopped before her offers moved on: no event follows.
    mongo.updateFirst(Query.query(Criteria.where("_id").is(channel)), Update.update("queue.entries", List.of(QueueEntry.operator(ben))),
        OpenChannel.class);

    desk.as(ben).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(ben);
  }

  @Test
  void anOfferLeftWithAnOperatorWhoseVacationBeganAtACrashMovesOnWithinSeconds() {
    String conversation = offeredToAnna(desk.channel("stranded-vacation", anna, ben), "Ivo", "Do you ship abroad?");

    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    mongo.updateFirst(Query.query(Criteria.where("_id").is(anna)),
        Update.update("vacations", List.of(new DateRange(today.minusDays(1), today.plusDays(7)))), Operator.class);

    desk.as(ben).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(ben);
  }

  @Test
  void anOperatorTakenOutOfTheQueueHandsTheOfferToTheNextAtOnce() {
    String channel = desk.channel("removed", anna, ben);
    String conversation = offeredToAnna(channel, "Rita", "Can someone help?");

    saveQueueEntries(channel, List.of(Map.of("kind", "OPERATOR", "id", ben)));

    desk.as(ben).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(ben);
    assertThat(statusOfOfferTo(anna, conversation)).isEqualTo(OfferStatus.WITHDRAWN);
  }

  @Test
  void savingTheChannelWithTheSameQueueLeavesTheOfferWhereItIs() {
    String channel = desk.channel("kept", anna, ben);
    String conversation = offeredToAnna(channel, "Sam", "Hello");

    saveQueueEntries(channel, List.of(Map.of("kind", "OPERATOR", "id", ben), Map.of("kind", "OPERATOR", "id", anna)));

    // Passing on happens while the save is answered, so it is checked right after it.
    assertThat(desk.openOffers(conversation)).containsExactly(anna);
  }

  @Test
  void anOperatorWhoLeavesTheDepartmentTheQueueNamesHandsTheOfferToTheNextAtOnce() {
    String department = desk.unique("sales");
    assertThat(http.exchange("/api/admin/departments", HttpMethod.POST,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("id", department, "name", "Sales")), String.class)
        .getStatusCode().value()).isEqualTo(201);
    saveOperator(anna, List.of(department));
    saveOperator(ben, List.of(department));
    Map<String, Object> queue = Map.of("entries", List.of(Map.of("kind", "DEPARTMENT", "id", department)),
        "mode", "STRICT", "idleTime", "PT2M", "limitExclusion", "CLOSED", "checkAvailability", true);
    String chat = desk.liveChat(desk.channel("department", Map.of("queue", queue)));
    String conversation = desk.visitorWrites(chat, Map.of("name", "Tom"), "Who sells the red one?");
    String offered = await().atMost(SupportDesk.WAIT).until(() -> desk.openOffers(conversation), offers -> offers.size() == 1).getFirst();
    String colleague = offered.equals(anna) ? ben : anna;

    saveOperator(offered, List.of());

    desk.as(colleague).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(colleague);
  }

  @Test
  void anOperatorGivenAVacationFromTodayHandsTheOfferToTheNextAtOnce() {
    String conversation = offeredToAnna(desk.channel("vacation", anna, ben), "Una", "Is the shop open on Sunday?");

    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    assertThat(http.exchange("/api/admin/operators/" + anna, HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN,
            Map.of("name", "Anna", "vacations", List.of(Map.of("from", today.minusDays(1).toString(), "to", today.plusDays(7).toString())))),
        String.class).getStatusCode().value()).isEqualTo(200);

    desk.as(ben).awaitOffer(conversation);
    assertThat(desk.openOffers(conversation)).containsExactly(ben);
  }

  /** A new client writes in the channel's live chat; the conversation is offered to anna, first in its queue. */
  private String offeredToAnna(String channel, String client, String text) {
    String conversation = desk.visitorWrites(desk.liveChat(channel), Map.of("name", client), text);
    desk.as(anna).awaitOffer(conversation);
    return conversation;
  }

  /** As {@link #offeredToAnna}, and anna answers it. */
  private String heldByAnna(String channel, String client, String text) {
    String conversation = desk.visitorWrites(desk.liveChat(channel), Map.of("name", client), text);
    desk.answers(anna, conversation);
    return conversation;
  }

  /** A new client writes in a channel of anna, ben and cai; anna answers and transfers it to cai, who is offered it. */
  private String answeredByAnnaThenTransferredTo(String cai, String channelName, String text) {
    String conversation = heldByAnna(desk.channel(channelName, anna, ben, cai), "Ada", text);
    assertThat(transfer(anna, conversation, cai).getStatusCode().value()).isEqualTo(202);
    desk.as(cai).awaitOffer(conversation);
    return conversation;
  }

  private ResponseEntity<JsonNode> transfer(String holder, String conversation, String colleague) {
    return desk.as(holder).call(HttpMethod.POST, "/api/conversations/" + conversation + "/transfer", Map.of("operatorId", colleague));
  }

  private void saveOperator(String operatorId, List<String> departmentIds) {
    assertThat(http.exchange("/api/admin/operators/" + operatorId, HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("name", operatorId, "departmentIds", departmentIds)), String.class)
        .getStatusCode().value()).isEqualTo(200);
  }

  /** The admin reads the channel, changes only its queue's entries and saves it back, as an admin script would. */
  @SuppressWarnings("unchecked")
  private void saveQueueEntries(String channelId, List<Map<String, String>> entries) {
    Map<String, Object> channel = http.exchange("/api/admin/channels/" + channelId, HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN), Map.class).getBody();
    ((Map<String, Object>) channel.get("queue")).put("entries", entries);
    assertThat(http.exchange("/api/admin/channels/" + channelId, HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, channel), String.class).getStatusCode().value()).isEqualTo(200);
  }

  private Map<String, Object> queue(String mode, boolean checkAvailability) {
    return Map.of(
        "entries", List.of(Map.of("kind", "OPERATOR", "id", anna), Map.of("kind", "OPERATOR", "id", ben)),
        "mode", mode, "idleTime", "PT2M", "limitExclusion", "CLOSED", "checkAvailability", checkAvailability);
  }

  private void presence(String operatorId, String presence) {
    assertThat(desk.as(operatorId).call(HttpMethod.PUT, "/api/operators/me/presence", Map.of("presence", presence))
        .getStatusCode().is2xxSuccessful()).isTrue();
  }

  private OfferStatus statusOfOfferTo(String operatorId, String conversationId) {
    return routing.offers(conversationId).stream().filter(o -> o.operatorId().equals(operatorId)).findFirst().orElseThrow().status();
  }
}
