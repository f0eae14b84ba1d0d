package dev.openlines.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The channel's own switches, through the admin API and the live chat a visitor uses: the automatic
 * name shown in the chat header, and {@code active}, which refuses new conversations but lets open ones go on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChannelSwitchesApiTest {

  @Autowired TestRestTemplate http;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  Map<String, Object> channelRequest(String id, String name, Boolean active) {
    Map<String, Object> request = new HashMap<>();
    request.put("id", id);
    request.put("name", name);
    request.put("timeZone", "UTC");
    request.put("queue", AdminApi.queue(prefix + "-nobody", "PT5M"));
    request.put("active", active);
    return request;
  }

  String liveChatConnector(String channelId) {
    String id = "chat-" + prefix;
    ResponseEntity<Map> created = http.exchange("/api/admin/channels/{id}/connectors", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN,
        Map.of("id", id, "type", "livechat", "liveChat", Map.of("consentRequired", false))), Map.class, channelId);
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    return id;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> widgetConfig(String connectorId) {
    ResponseEntity<Map> config = http.getForEntity("/livechat/{id}/config", Map.class, connectorId);
    assertThat(config.getStatusCode()).isEqualTo(HttpStatus.OK);
    return (Map<String, Object>) config.getBody();
  }

  String visitorToken(String connectorId) {
    ResponseEntity<Map> started = http.postForEntity("/livechat/{id}/chats", Map.of("name", "Vera"), Map.class, connectorId);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return (String) started.getBody().get("token");
  }

  ResponseEntity<Map> visitorWrites(String token, String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    return http.postForEntity("/livechat/messages", new HttpEntity<>(Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text),
        headers), Map.class);
  }

  void putChannel(String id, Map<String, Object> request) {
    ResponseEntity<Map> saved = http.exchange("/api/admin/channels/{id}", HttpMethod.PUT, ApiTokens.request(ApiTokens.ADMIN, request),
        Map.class, id);
    assertThat(saved.getStatusCode()).as("%s", saved.getBody()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aChannelCreatedWithoutANameIsNamedOpenChannelNAndTheWidgetHeaderShowsIt() {
    String first = new AdminApi(http).createChannel(channelRequest("unnamed-a-" + prefix, null, null));
    String second = new AdminApi(http).createChannel(channelRequest("unnamed-b-" + prefix, "  ", null));

    Map<?, ?> a = http.exchange("/api/admin/channels/{id}", HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), Map.class, first).getBody();
    Map<?, ?> b = http.exchange("/api/admin/channels/{id}", HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), Map.class, second).getBody();
    assertThat((String) a.get("name")).matches("Open Channel \\d+");
    assertThat((String) b.get("name")).matches("Open Channel \\d+").isNotEqualTo(a.get("name"));
    assertThat(a.get("active")).isEqualTo(true);

    String connector = liveChatConnector(first);
    assertThat(widgetConfig(connector)).containsEntry("channelName", a.get("name")).containsEntry("online", true);

    // Renamed by the admin: the header follows.
    Map<String, Object> renamed = channelRequest(null, "Web shop support", null);
    putChannel(first, renamed);
    assertThat(widgetConfig(connector)).containsEntry("channelName", "Web shop support");
  }

  @Test
  void aSwitchedOffChannelRefusesNewConversationsWithAClearErrorWhileOpenOnesGoOn() {
    String channel = new AdminApi(http).createChannel(channelRequest("switch-" + prefix, "Switchable", true));
    String connector = liveChatConnector(channel);
    String earlyVisitor = visitorToken(connector);
    ResponseEntity<Map> opened = visitorWrites(earlyVisitor, "Hello, before the switch");
    assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    Object openConversation = opened.getBody().get("conversationId");

    putChannel(channel, channelRequest(null, "Switchable", false));
    assertThat(widgetConfig(connector)).containsEntry("online", false);

    ResponseEntity<Map> refused = visitorWrites(visitorToken(connector), "Hello, after the switch");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat((String) refused.getBody().get("detail")).contains("switched off", "takes no new conversations");

    ResponseEntity<Map> goesOn = visitorWrites(earlyVisitor, "Still there?");
    assertThat(goesOn.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(goesOn.getBody().get("conversationId")).isEqualTo(openConversation);

    putChannel(channel, channelRequest(null, "Switchable", true));
    assertThat(widgetConfig(connector)).containsEntry("online", true);
    assertThat(visitorWrites(visitorToken(connector), "Hello again").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
  }
}
