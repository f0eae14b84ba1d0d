package dev.openlines.connector.livechat;

import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.crm.CrmPort;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.testing.ClientConversations;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What a live-chat visitor tells about themselves reaches the conversation process: name, phone and
 * e-mail are the chat tracker's keys, the language is an input of the distribution decision.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveChatVisitorDetailsTest {

  static final Duration WAIT = Duration.ofSeconds(90);
  /** The department the sample row "English-speaking clients" of dmn/distribution.dmn routes to. */
  static final String ENGLISH_SPEAKERS = "english-speakers";

  @Autowired TestRestTemplate http;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ConversationRepository conversations;
  @Autowired RoutingService routing;
  @Autowired ClientConversations clients;
  @Autowired CrmPort crm;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;

  RoutingFixtures fx;
  String anna;
  String eve;
  String channel;
  String connector;

  @BeforeEach
  void liveChat() {
    fx = new RoutingFixtures(channels, operators, mongo);
    anna = fx.operator("anna");
    channel = fx.channel("details", DistributionMode.STRICT, 5, anna);
    connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false))).id();
  }

  @AfterEach
  void englishSpeakerGoesOffline() {
    // The department is shared by every test of this context: it must be empty again afterwards.
    if (eve != null) {
      operators.changePresence(eve, Presence.OFFLINE);
      // Out of the department too: a department with members but nobody available keeps its conversations
      // waiting, where an empty one falls back to the channel's queue (other tests' English clients).
      operators.changeDepartments(eve, java.util.Set.of());
    }
  }

  /** A visitor starts a chat with these details and writes; the conversation the message opened. */
  @SuppressWarnings("unchecked")
  String visitorWrites(Map<String, String> details, HttpHeaders startHeaders) {
    startHeaders.setContentType(MediaType.APPLICATION_JSON);
    Map<String, Object> chat = http.postForEntity("/livechat/" + connector + "/chats", new HttpEntity<>(details, startHeaders), Map.class)
        .getBody();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", (String) chat.get("token"));
    ResponseEntity<Map> accepted = http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "Hello"), headers), Map.class);
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    return (String) accepted.getBody().get("conversationId");
  }

  long processOf(String conversationId) {
    return await().atMost(WAIT)
        .until(() -> conversations.findById(conversationId).map(Conversation::getProcessInstanceKey).orElse(null), Objects::nonNull);
  }

  List<String> openOffers(String conversationId) {
    return routing.offers(conversationId).stream().filter(o -> o.status() == OfferStatus.OFFERED).map(Offer::operatorId).toList();
  }

  @Test
  void aVisitorWhoseEmailIsKnownToTheCrmIsRecognisedAsThatContact() {
    String email = "nora-" + UUID.randomUUID() + "@example.com";
    // The contact exists from an earlier conversation on another connector of the channel.
    ClientConversations.Started earlier = clients.start(channel, new ClientProfile("Nora", null, email, null));
    await().atMost(WAIT).until(() -> crm.findCard(earlier.conversationId()).isPresent());
    String contactId = crm.findCard(earlier.conversationId()).orElseThrow().contactId();

    String conversation = visitorWrites(Map.of("name", "Nora N.", "email", email.toUpperCase()), new HttpHeaders());

    long key = processOf(conversation);
    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, key)
        .hasPassedElement("identify-client")
        .hasVariableWithValue("clientEmail", email.toUpperCase())
        .hasVariableWithValue("contactId", contactId)
        .hasVariableWithValue("clientRecognised", true));
    assertThat(crm.findCard(conversation).orElseThrow().contactId()).isEqualTo(contactId);
  }

  @Test
  void theVisitorsLanguageDecidesTheRoute() {
    eve = fx.operator("eve", ENGLISH_SPEAKERS);

    String german = visitorWrites(Map.of("language", "de-AT"), new HttpHeaders());
    await().atMost(WAIT).untilAsserted(() -> assertThat(openOffers(german)).containsExactly(anna));
    long germanKey = processOf(german);
    assertThatProcess(engine, germanKey).hasVariableWithValue("language", "de");

    String english = visitorWrites(Map.of("language", "en-GB"), new HttpHeaders());
    await().atMost(WAIT).untilAsserted(() -> assertThat(openOffers(english)).containsExactly(eve));
    assertThatProcess(engine, processOf(english)).hasVariableWithValue("language", "en");

    // Without a language in the start, the browser's Accept-Language counts.
    HttpHeaders browser = new HttpHeaders();
    browser.set(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.9,de;q=0.8");
    String fromHeader = visitorWrites(Map.of(), browser);
    await().atMost(WAIT).untilAsserted(() -> assertThat(openOffers(fromHeader)).containsExactly(eve));
  }
}
