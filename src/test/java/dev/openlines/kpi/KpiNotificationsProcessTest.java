package dev.openlines.kpi;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.KpiBreach;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyRequest;
import dev.openlines.security.ApiKeyService;
import dev.openlines.security.Role;
import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * KPI notifications per indicator, configured through the admin API: each response-time limit has its
 * own switch, recipients and text; {@code #OPERATOR#} is the operator's name and {@code #DIALOG#} a link
 * to the conversation in the console. The breaches come from the conversation process's timers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KpiNotificationsProcessTest {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Autowired ZeebeTestEngine engine;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ClientConversations clients;
  @Autowired ConversationRepository conversations;
  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);
  final String sue = prefix + "-sue";
  final String ben = prefix + "-ben";
  AdminApi admin;

  String operator(String name) {
    String id = prefix + "-" + name.split(" ")[0].toLowerCase();
    operators.create(new Operator(id, name, Set.of()));
    operators.changePresence(id, Presence.ONLINE);
    return id;
  }

  String supervisorKey(String userId) {
    return apiKeys.create(new ApiKeyRequest(userId, "Supervisor " + userId, Set.of(Role.SUPERVISOR), null, "test"), "test").key();
  }

  List<Map<String, Object>> inbox(String supervisor) {
    return http.exchange("/api/supervisor/notifications", HttpMethod.GET, ApiTokens.request(supervisorKey(supervisor)),
        new ParameterizedTypeReference<List<Map<String, Object>>>() {}).getBody();
  }

  static Map<String, Object> kpi(Map<String, Object> notifications) {
    Map<String, Object> kpi = new HashMap<>();
    kpi.put("firstResponseLimit", "PT2M");
    kpi.put("subsequentResponseLimit", "PT5M");
    kpi.put("notifications", notifications);
    return Map.of("kpi", kpi);
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  void operatorApi(String operatorId, String path, Object body, Started c) {
    ResponseEntity<String> answer = http.exchange("/api/conversations/{id}/" + path, HttpMethod.POST,
        ApiTokens.request(new ApiTokens(apiKeys).operator(operatorId), body), String.class, c.conversationId());
    assertThat(answer.getStatusCode().is2xxSuccessful()).as("%s", answer.getBody()).isTrue();
  }

  @Test
  void eachIndicatorNotifiesItsOwnRecipientsWithItsOwnTextNamingTheOperatorAndLinkingTheConversation() {
    String anna = operator("Anna Smith");
    admin = new AdminApi(http);
    String channel = admin.createChannel("kpi-" + prefix, "KPI", anna, "PT1H");
    admin.setLifecycle(channel, kpi(Map.of(
        "FIRST_RESPONSE", Map.of("enabled", true, "recipients", List.of(sue), "text", "#OPERATOR# has not answered #DIALOG#"),
        "SUBSEQUENT_RESPONSE", Map.of("enabled", false))));

    Started c = clients.start(channel);
    await().atMost(WAIT).until(() -> routing.offers(c.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(anna)));
    operatorApi(anna, "answer", null, c);
    eventually(c, p -> p.isWaitingAtElements("wait-for-first-reply", "conversation-closed"));

    // First reply late: Sue reads Anna's name and the link to the conversation.
    engine.increaseTime(Duration.ofMinutes(3));
    eventually(c, p -> p.hasPassedElement("notify-late-first-reply"));
    String link = "http://localhost:8080/console/?conversation=" + c.conversationId();
    await().atMost(WAIT).untilAsserted(() -> assertThat(inbox(sue)).extracting(n -> n.get("text"))
        .containsExactly("Anna Smith has not answered " + link));

    // A later reply late: the breach is recorded, but that indicator's notification is off.
    operatorApi(anna, "messages", Map.of("text", "Hello, how can I help?"), c);
    clients.write(c, "My order did not arrive");
    eventually(c, p -> p.isWaitingAtElements("wait-for-reply", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(6));
    eventually(c, p -> p.hasPassedElement("notify-late-reply", 1));
    await().atMost(WAIT).until(() -> breaches(c).size() == 2);
    assertThat(inbox(sue)).hasSize(1);
    assertThat(inbox(ben)).isEmpty();

    // Switched on for Ben with its own text: the next late reply reaches him, not Sue.
    admin.setLifecycle(channel, kpi(Map.of(
        "FIRST_RESPONSE", Map.of("enabled", true, "recipients", List.of(sue), "text", "#OPERATOR# has not answered #DIALOG#"),
        "SUBSEQUENT_RESPONSE", Map.of("enabled", true, "recipients", List.of(ben), "text", "Late again: #OPERATOR#, see #DIALOG#"))));
    operatorApi(anna, "messages", Map.of("text", "Let me check."), c);
    clients.write(c, "Any news?");
    eventually(c, p -> p.hasPassedElement("start-reply-clock", 2).isWaitingAtElements("wait-for-reply", "conversation-closed"));
    engine.increaseTime(Duration.ofMinutes(6));
    await().atMost(WAIT).untilAsserted(() -> assertThat(inbox(ben)).extracting(n -> n.get("text"))
        .containsExactly("Late again: Anna Smith, see " + link));
    assertThat(inbox(sue)).hasSize(1);
  }

  List<KpiBreach> breaches(Started c) {
    return conversations.findById(c.conversationId()).map(Conversation::getKpiBreaches).orElseThrow();
  }

  /** Late before anyone answered: the text names whom the chat is offered to, or says nobody has it. */
  @Test
  void aFirstReplyLateWhileTheChatIsOnlyOfferedNamesTheOperatorsItIsOfferedToElseNobody() {
    String carl = operator("Carl Jones");
    String dora = prefix + "-dora";
    operators.create(new Operator(dora, "Dora Offline", Set.of())); // never online: the chat waits in the queue
    admin = new AdminApi(http);
    Map<String, Object> late = kpi(Map.of(
        "FIRST_RESPONSE", Map.of("enabled", true, "recipients", List.of(sue), "text", "#OPERATOR# has not answered yet"),
        "SUBSEQUENT_RESPONSE", Map.of("enabled", false)));
    String offered = admin.createChannel("kpi-offered-" + prefix, "Offered", carl, "PT1H");
    admin.setLifecycle(offered, late);
    String waiting = admin.createChannel("kpi-waiting-" + prefix, "Waiting", dora, "PT1H");
    admin.setLifecycle(waiting, late);

    Started toCarl = clients.start(offered);
    Started toNobody = clients.start(waiting);
    await().atMost(WAIT).until(() -> routing.offers(toCarl.conversationId()).stream()
        .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(carl)));
    eventually(toCarl, p -> p.isWaitingAtElements("wait-for-first-reply"));
    eventually(toNobody, p -> p.isWaitingAtElements("wait-for-first-reply"));
    assertThat(routing.offers(toNobody.conversationId())).isEmpty();

    engine.increaseTime(Duration.ofMinutes(3));
    eventually(toCarl, p -> p.hasPassedElement("notify-late-first-reply"));
    eventually(toNobody, p -> p.hasPassedElement("notify-late-first-reply"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(inbox(sue)).extracting(n -> n.get("text"))
        .containsExactlyInAnyOrder("Carl Jones has not answered yet", "nobody has not answered yet"));
  }

  @Test
  void anIncompleteNotificationOrOneForAnUntrackedLimitIsRefusedAndNothingChanges() {
    admin = new AdminApi(http);
    String channel = admin.createChannel("kpi-invalid-" + prefix, "KPI invalid", "nobody", "PT5M");
    Map<String, Object> valid = kpi(Map.of(
        "FIRST_RESPONSE", Map.of("enabled", true, "recipients", List.of(sue), "text", "#OPERATOR# is late"),
        "SUBSEQUENT_RESPONSE", Map.of("enabled", false)));
    admin.setLifecycle(channel, valid);

    ResponseEntity<String> noRecipients = admin.putLifecycle(channel, kpi(Map.of(
        "FIRST_RESPONSE", Map.of("enabled", true, "recipients", List.of(), "text", "late"),
        "SUBSEQUENT_RESPONSE", Map.of("enabled", false))));
    assertThat(noRecipients.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noRecipients.getBody()).contains("kpi.notifications.FIRST_RESPONSE.recipients: a notification switched on needs at least one recipient");

    ResponseEntity<String> untracked = admin.putLifecycle(channel, Map.of("kpi", Map.of("firstResponseLimit", "PT2M",
        "notifications", Map.of(
            "FIRST_RESPONSE", Map.of("enabled", true, "recipients", List.of(sue), "text", "late"),
            "SUBSEQUENT_RESPONSE", Map.of("enabled", true, "recipients", List.of(ben), "text", "late")))));
    assertThat(untracked.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(untracked.getBody()).contains("not tracked");

    ResponseEntity<String> neitherSharedNorOwn = admin.putLifecycle(channel, Map.of("kpi", Map.of("firstResponseLimit", "PT2M")));
    assertThat(neitherSharedNorOwn.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(neitherSharedNorOwn.getBody()).contains("recipients", "notificationText");

    @SuppressWarnings("unchecked")
    Map<String, Object> stored = (Map<String, Object>) admin.lifecycle(channel).get("kpi");
    assertThat(stored.get("notifications").toString()).contains("#OPERATOR# is late");
  }
}
