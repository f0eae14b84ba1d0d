package dev.openlines.crmform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.crm.CrmPort;
import dev.openlines.crm.ResponsiblePersonService;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Seed 004, CRM-form distribution, end to end through the HTTP API: an administrator saves a form, clients post
 * it to the public endpoint, the {@code crm-form-submission} process (real engine) makes each a lead or deal and
 * gives it to the next person on the form's list who is at work, the client's responsible person for a known
 * client, or the next in turn when nobody is at work. Operators are at work by clocking in over their own API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrmFormDistributionTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired OperatorService operators;
  @Autowired CrmPort crm;
  @LocalServerPort int port;
  @Autowired ChannelService channels;
  @Autowired ConnectorSettingsService connectors;
  @Autowired RoutingService routing;
  @Autowired ResponsiblePersonService responsiblePersons;
  @Autowired MongoTemplate mongo;

  final String run = UUID.randomUUID().toString().substring(0, 8);

  /** An operator (admin configuration) with their own API key; {@code atWork}: online and clocked in. */
  String operator(String name, boolean online, boolean clockedIn) {
    String id = run + "-" + name;
    operators.create(new Operator(id, name, Set.of()));
    String key = new ApiTokens(apiKeys).operator(id);
    if (online) {
      assertThat(http.exchange("/api/operators/me/presence", HttpMethod.PUT, ApiTokens.request(key, Map.of("presence", "ONLINE")),
          String.class).getStatusCode().value()).isEqualTo(200);
    }
    if (clockedIn) {
      assertThat(http.exchange("/api/operators/me/clock-in", HttpMethod.POST, ApiTokens.request(key), String.class)
          .getStatusCode().value()).isEqualTo(200);
    }
    return id;
  }

  String atWork(String name) {
    return operator(name, true, true);
  }

  static Map<String, Object> form(String creates, String consentText, List<String> operatorIds) {
    Map<String, Object> form = new HashMap<>();
    form.put("name", "Price request");
    form.put("fields", List.of(
        Map.of("name", "name", "label", "Your name", "type", "TEXT", "required", true),
        Map.of("name", "email", "label", "E-mail", "type", "EMAIL", "required", true),
        Map.of("name", "phone", "type", "PHONE", "required", false),
        Map.of("name", "quantity", "type", "NUMBER", "required", false)));
    form.put("consentText", consentText);
    form.put("responsibleOperatorIds", operatorIds);
    form.put("creates", creates);
    return form;
  }

  ResponseEntity<Map> saveForm(String formId, Map<String, Object> form) {
    return http.exchange("/api/admin/crm-forms/" + formId, HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, form), Map.class);
  }

  String publish(String creates, String... operatorIds) {
    String formId = "form-" + run + "-" + UUID.randomUUID().toString().substring(0, 4);
    ResponseEntity<Map> saved = saveForm(formId, form(creates, "I agree to be contacted", List.of(operatorIds)));
    assertThat(saved.getStatusCode().value()).as("%s", saved.getBody()).isEqualTo(200);
    return formId;
  }

  static HttpEntity<Object> anonymous(Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  ResponseEntity<Map> post(String formId, Map<String, Object> body) {
    return http.exchange("/forms/" + formId + "/submissions", HttpMethod.POST, anonymous(body), Map.class);
  }

  /** A client submits the form; the submission once the process has handled it. */
  Map<String, Object> submitAndAwait(String formId, String email) {
    ResponseEntity<Map> accepted = post(formId, Map.of("values", Map.of("name", "Client " + email, "email", email), "consent", true));
    assertThat(accepted.getStatusCode().value()).as("%s", accepted.getBody()).isEqualTo(202);
    String id = (String) accepted.getBody().get("submissionId");
    return await().atMost(WAIT).until(() -> submissions(formId).stream().filter(s -> id.equals(s.get("id"))).findFirst()
        .filter(s -> s.get("handledAt") != null).orElse(null), s -> s != null);
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> submissions(String formId) {
    ResponseEntity<List> list = http.exchange("/api/admin/crm-forms/" + formId + "/submissions", HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN), List.class);
    assertThat(list.getStatusCode().value()).isEqualTo(200);
    return list.getBody();
  }

  String email(String who) {
    return who + "-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void submissionsGoToTheOperatorsOfTheListOneAfterAnotherEachAsTheResponsibleOfItsLead() {
    String anna = atWork("anna");
    String boris = atWork("boris");
    String clara = atWork("clara");
    String formId = publish("LEAD", anna, boris, clara);

    List<String> got = new ArrayList<>();
    for (String client : List.of("ann", "bob", "cid")) {
      Map<String, Object> handled = submitAndAwait(formId, email(client));
      assertThat(handled.get("assignedBy")).isEqualTo("IN_ORDER");
      assertThat(handled.get("dealId")).isNull();
      String responsible = (String) handled.get("responsibleOperatorId");
      assertThat(crm.findLead((String) handled.get("leadId")).orElseThrow().responsibleOperatorId()).isEqualTo(responsible);
      got.add(responsible);
    }
    assertThat(got).containsExactly(anna, boris, clara);
    assertThat((String) submitAndAwait(formId, email("dan")).get("responsibleOperatorId")).as("the list starts over").isEqualTo(anna);
  }

  @Test
  void operatorsWhoAreNotClockedInOnABreakOrOfflineAreSkipped() {
    String anna = atWork("anna");
    String notClockedIn = operator("boris", true, false);
    String onBreak = operator("clara", false, true);
    String dora = atWork("dora");
    String formId = publish("LEAD", anna, notClockedIn, onBreak, dora);
    String key = new ApiTokens(apiKeys).operator(onBreak);
    http.exchange("/api/operators/me/presence", HttpMethod.PUT, ApiTokens.request(key, Map.of("presence", "AWAY")), String.class);

    List<Object> got = new ArrayList<>();
    for (String client : List.of("ann", "bob", "cid")) {
      got.add(submitAndAwait(formId, email(client)).get("responsibleOperatorId"));
    }
    assertThat(got).containsExactly(anna, dora, anna);

    // Boris clocks in: the next turn after anna is his.
    String borisKey = new ApiTokens(apiKeys).operator(notClockedIn);
    http.exchange("/api/operators/me/clock-in", HttpMethod.POST, ApiTokens.request(borisKey), String.class);
    assertThat(submitAndAwait(formId, email("dan")).get("responsibleOperatorId")).isEqualTo(notClockedIn);
  }

  @Test
  void whenNobodyOnTheListIsAtWorkTheSubmissionsGoRoundTheListInTurn() {
    String anna = operator("anna", false, false);
    String boris = operator("boris", true, false);
    String formId = publish("LEAD", anna, boris);

    List<Object> got = new ArrayList<>();
    for (String client : List.of("ann", "bob", "cid")) {
      Map<String, Object> handled = submitAndAwait(formId, email(client));
      assertThat(handled.get("assignedBy")).isEqualTo("ROUND_ROBIN");
      assertThat(handled.get("leadId")).isNotNull();
      got.add(handled.get("responsibleOperatorId"));
    }
    assertThat(got).containsExactly(anna, boris, anna);
  }

  @Test
  void aKnownClientGoesToTheirResponsiblePersonAndTheDecisionGivesThemADeal() {
    String anna = atWork("anna");
    String boris = atWork("boris");
    String formId = publish("DEAL_FOR_KNOWN_CLIENTS", anna, boris);
    String ann = email("ann");

    Map<String, Object> first = submitAndAwait(formId, ann);
    assertThat(first.get("responsibleOperatorId")).isEqualTo(anna);
    assertThat(first.get("leadId")).as("a new client: a lead").isNotNull();
    assertThat(first.get("dealId")).isNull();
    assertThat(submitAndAwait(formId, email("bob")).get("responsibleOperatorId")).isEqualTo(boris);

    // Ann again (the address in another case): anna's turn is next anyway, so take it from her first.
    assertThat(submitAndAwait(formId, email("cid")).get("responsibleOperatorId")).isEqualTo(anna);
    Map<String, Object> again = submitAndAwait(formId, ann.toUpperCase());
    assertThat(again.get("assignedBy")).isEqualTo("CLIENT_RESPONSIBLE");
    assertThat(again.get("responsibleOperatorId")).as("boris's turn, but ann is anna's client").isEqualTo(anna);
    assertThat(again.get("dealId")).as("a known client: a deal").isNotNull();
    assertThat(again.get("leadId")).isNull();
    assertThat(crm.findDeal((String) again.get("dealId")).orElseThrow().contactId()).isEqualTo(first.get("contactId"));
    assertThat(crm.findDeal((String) again.get("dealId")).orElseThrow().responsibleOperatorId()).isEqualTo(anna);
  }

  void presence(String operatorId, String presence) {
    assertThat(http.exchange("/api/operators/me/presence", HttpMethod.PUT,
        ApiTokens.request(new ApiTokens(apiKeys).operator(operatorId), Map.of("presence", presence)), String.class)
        .getStatusCode().value()).isEqualTo(200);
  }

  @Test
  void aKnownClientWhoseResponsiblePersonIsNotAtWorkGoesToTheFormsListInstead() {
    String anna = atWork("anna");
    String boris = atWork("boris");
    String formId = publish("LEAD", anna, boris);
    String ann = email("ann");
    assertThat(submitAndAwait(formId, ann).get("responsibleOperatorId")).isEqualTo(anna);

    // anna is on a break: ann's next submission goes down the list, skipping anna.
    presence(anna, "AWAY");
    Map<String, Object> onBreak = submitAndAwait(formId, ann);
    assertThat(onBreak.get("assignedBy")).isEqualTo("IN_ORDER");
    assertThat(onBreak.get("responsibleOperatorId")).isEqualTo(boris);

    // Back at work: ann is hers again, although the list's turn is anna's anyway; then boris's turn is skipped.
    presence(anna, "ONLINE");
    Map<String, Object> back = submitAndAwait(formId, ann);
    assertThat(back.get("assignedBy")).isEqualTo("CLIENT_RESPONSIBLE");
    assertThat(back.get("responsibleOperatorId")).isEqualTo(anna);

    // Dismissed: never hers again.
    assertThat(http.exchange("/api/admin/operators/" + anna, HttpMethod.DELETE, ApiTokens.request(ApiTokens.ADMIN), String.class)
        .getStatusCode().value()).isEqualTo(204);
    Map<String, Object> dismissed = submitAndAwait(formId, ann);
    assertThat(dismissed.get("assignedBy")).isNotEqualTo("CLIENT_RESPONSIBLE");
    assertThat(dismissed.get("responsibleOperatorId")).isEqualTo(boris);

    // boris goes on a break too: nobody on the list is at work, the list's turn decides (round robin).
    presence(boris, "AWAY");
    Map<String, Object> everyoneAway = submitAndAwait(formId, ann);
    assertThat(everyoneAway.get("assignedBy")).isEqualTo("ROUND_ROBIN");
    assertThat(crm.findLead((String) everyoneAway.get("leadId")).orElseThrow().responsibleOperatorId())
        .isEqualTo(everyoneAway.get("responsibleOperatorId"));
  }

  ResponseEntity<Map> postWithKey(String formId, String key, Map<String, Object> body) {
    HttpEntity<Object> anonymous = anonymous(body);
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(anonymous.getHeaders());
    headers.set("Idempotency-Key", key);
    return http.exchange("/forms/" + formId + "/submissions", HttpMethod.POST, new HttpEntity<>(body, headers), Map.class);
  }

  @Test
  void theSameSubmissionSentTwiceWithItsIdempotencyKeyCreatesOneLeadAndAnswersTheSame() {
    String anna = atWork("anna");
    String boris = atWork("boris");
    String formId = publish("LEAD", anna, boris);
    String key = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("values", Map.of("name", "Ann", "email", email("ann")), "consent", true);

    ResponseEntity<Map> first = postWithKey(formId, key, body);
    ResponseEntity<Map> again = postWithKey(formId, key, body);

    assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(202);
    assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(202);
    assertThat(again.getBody().get("submissionId")).isEqualTo(first.getBody().get("submissionId"));
    Map<String, Object> handled = await().atMost(WAIT).until(() -> submissions(formId).stream()
        .filter(s -> s.get("handledAt") != null).findFirst().orElse(null), s -> s != null);
    assertThat(handled.get("responsibleOperatorId")).isEqualTo(anna);
    assertThat(handled.get("leadId")).isNotNull();
    // One submission, one lead, one turn taken: the next client is boris's.
    assertThat(submissions(formId)).hasSize(1);
    assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
        org.springframework.data.mongodb.core.query.Criteria.where("responsibleOperatorId").is(anna)), dev.openlines.crm.Lead.class))
        .isEqualTo(1);
    assertThat(submitAndAwait(formId, email("bob")).get("responsibleOperatorId")).isEqualTo(boris);

    // The same key with other values is a mistake of the page: refused, nothing stored.
    ResponseEntity<Map> reused = postWithKey(formId, key,
        Map.of("values", Map.of("name", "Somebody else", "email", email("eve")), "consent", true));
    assertThat(reused.getStatusCode().value()).isEqualTo(409);
    assertThat(reused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat((String) reused.getBody().get("detail")).contains("Idempotency-Key").contains(key);
    ResponseEntity<Map> tooLong = postWithKey(formId, "k".repeat(201), body);
    assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
    assertThat(tooLong.getBody().toString()).contains("Idempotency-Key");
    assertThat(submissions(formId)).hasSize(2);
  }

  /** Known through the chat tracker from another channel: a live-chat visitor who left her e-mail, answered by boris. */
  @Test
  @SuppressWarnings("unchecked")
  void aClientKnownFromALiveChatGoesToTheOperatorWhoAnsweredHerThere() {
    String anna = atWork("anna");
    String boris = atWork("boris");
    String channel = new RoutingFixtures(channels, operators, mongo).channel("form-livechat", DistributionMode.STRICT, 2, boris);
    String connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false))).id();
    try {
      String vera = email("vera");
      Map<String, Object> chat = http.postForEntity("/livechat/" + connector + "/chats", Map.of("name", "Vera", "email", vera), Map.class)
          .getBody();
      HttpHeaders visitor = new HttpHeaders();
      visitor.setContentType(MediaType.APPLICATION_JSON);
      visitor.set("X-LiveChat-Token", (String) chat.get("token"));
      ResponseEntity<Map> written = http.postForEntity("/livechat/messages",
          new HttpEntity<>(Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "Do you ship abroad?"), visitor), Map.class);
      assertThat(written.getStatusCode().value()).isEqualTo(202);
      String conversation = (String) written.getBody().get("conversationId");
      await().atMost(WAIT).until(() -> routing.offers(conversation).stream()
          .anyMatch(o -> o.status() == OfferStatus.OFFERED && o.operatorId().equals(boris)));
      String borisKey = new ApiTokens(apiKeys).operator(boris);
      assertThat(http.exchange("/api/conversations/" + conversation + "/answer", HttpMethod.POST, ApiTokens.request(borisKey), String.class)
          .getStatusCode().is2xxSuccessful()).isTrue();
      await().atMost(WAIT).until(() -> responsiblePersons.responsibleFor(conversation).orElse(null), boris::equals);

      // anna is first on the form's list and at work; Vera writes her e-mail in another case.
      Map<String, Object> handled = submitAndAwait(publish("LEAD", anna, boris), vera.toUpperCase());
      assertThat(handled.get("responsibleOperatorId")).isEqualTo(boris);
      assertThat(handled.get("assignedBy")).isEqualTo("CLIENT_RESPONSIBLE");
    } finally {
      connectors.delete(connector);
    }
  }

  @Test
  void aFormSetToDealsMakesADealForANewClient() {
    String anna = atWork("anna");
    Map<String, Object> handled = submitAndAwait(publish("DEAL", anna), email("new"));
    assertThat(handled.get("dealId")).isNotNull();
    assertThat(handled.get("leadId")).isNull();
  }

  @Test
  void aSubmissionWithoutConsentOrWithBadValuesIsAProblemNamingEachFieldAndNothingIsStored() {
    String formId = publish("LEAD", atWork("anna"));

    ResponseEntity<Map> refused = post(formId, Map.of("values", Map.of("email", "not-an-address", "quantity", "many", "colour", "red")));
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(refused.getBody().get("errors").toString())
        .contains("consent", "values.name", "values.email", "values.quantity", "values.colour");

    ResponseEntity<Map> noConsent = post(formId, Map.of("values", Map.of("name", "Ann", "email", email("ann"))));
    assertThat(noConsent.getStatusCode().value()).isEqualTo(400);
    assertThat(noConsent.getBody().get("errors").toString()).contains("consent").doesNotContain("values.");
    assertThat(submissions(formId)).isEmpty();

    assertThat(post("no-such-form-" + run, Map.of("values", Map.of())).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void aFormWithBadSettingsIsAProblemNamingEachSettingAndIsNotPublished() {
    String anna = atWork("anna");
    Map<String, Object> bad = form(null, null, List.of(anna, anna, "nobody-" + run));
    bad.put("fields", List.of(
        Map.of("name", "name", "type", "TEXT", "required", true),
        Map.of("name", "name", "type", "TEXT", "required", false)));
    String formId = "bad-" + run;
    ResponseEntity<Map> refused = saveForm(formId, bad);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody().get("errors").toString()).contains("creates");

    bad.put("creates", "LEAD");
    refused = saveForm(formId, bad);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody().get("errors").toString())
        .contains("fields[1].name", "EMAIL or PHONE", "responsibleOperatorIds[1]", "responsibleOperatorIds[2]");

    assertThat(http.getForEntity("/forms/" + formId, Map.class).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void theFormIsPublishedWithoutTheOperatorListAndSubmissionsAreRateLimitedPerAddress() throws Exception {
    String anna = atWork("anna");
    String formId = publish("LEAD", anna);
    ResponseEntity<Map> published = http.getForEntity("/forms/" + formId, Map.class);
    assertThat(published.getStatusCode().value()).isEqualTo(200);
    assertThat(published.getBody()).containsEntry("consentText", "I agree to be contacted").doesNotContainKey("responsibleOperatorIds");
    HttpHeaders html = new HttpHeaders();
    html.setAccept(List.of(MediaType.TEXT_HTML));
    assertThat(http.exchange("/forms/" + formId, HttpMethod.GET, new HttpEntity<>(html), String.class).getBody())
        .contains("<form", "name=\"email\"", "I agree to be contacted");

    // Five a minute per address, refilled evenly (one every 12 s): a slow machine may earn one more on the way.
    // A plain client: the test template's HTTP client would wait out a 429 and send the request again.
    HttpClient socket = HttpClient.newHttpClient();
    HttpRequest invalid = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/forms/" + formId + "/submissions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"values\":{}}")).build();
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> limited = null;
    while (statuses.size() < 10 && (limited == null || limited.statusCode() != 429)) {
      limited = socket.send(invalid, HttpResponse.BodyHandlers.ofString());
      statuses.add(limited.statusCode());
    }
    assertThat(statuses.subList(0, 5)).as("refused as invalid before the limit").containsOnly(400);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue(HttpHeaders.RETRY_AFTER)).isPresent();
    assertThat(limited.body()).contains("submissions of this form");
  }
}
