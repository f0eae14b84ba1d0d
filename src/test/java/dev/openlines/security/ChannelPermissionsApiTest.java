package dev.openlines.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/** Admins configure every channel; a CHANNEL_MANAGER key only the channels it lists; everyone else gets 403. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChannelPermissionsApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  Map<String, Object> channelBody(String name) {
    return Map.of("name", name, "timeZone", "UTC", "queue", AdminApi.queue(prefix + "-nobody", "PT5M"));
  }

  HttpStatusCode call(String key, HttpMethod method, String path, Object body, Object... variables) {
    return http.exchange(path, method, body == null ? ApiTokens.request(key) : ApiTokens.request(key, body), String.class, variables)
        .getStatusCode();
  }

  @Test
  void aChannelManagerConfiguresOnlyTheChannelsGrantedToThemAdminsEveryChannelOthersNone() {
    AdminApi admin = new AdminApi(http);
    String mine = admin.createChannel("perm-mine-" + prefix, "Mine", prefix + "-nobody", "PT5M");
    String other = admin.createChannel("perm-other-" + prefix, "Other", prefix + "-nobody", "PT5M");
    ResponseEntity<Map> created = http.exchange("/api/admin/api-keys", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN, Map.of(
        "userId", prefix + "-max", "displayName", "Max", "roles", List.of("CHANNEL_MANAGER"), "channelIds", List.of(mine))), Map.class);
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    String manager = (String) created.getBody().get("key");
    Map<String, Object> texts = Map.of("automaticActions", Map.of("greeting", "Hello from Max"));

    assertThat(call(manager, HttpMethod.GET, "/api/admin/channels/{id}", null, mine)).isEqualTo(HttpStatus.OK);
    assertThat(call(manager, HttpMethod.PUT, "/api/admin/channels/{id}", channelBody("Mine, renamed"), mine)).isEqualTo(HttpStatus.OK);
    assertThat(call(manager, HttpMethod.PUT, "/api/admin/channels/{id}/lifecycle-settings", texts, mine)).isEqualTo(HttpStatus.OK);
    assertThat(call(manager, HttpMethod.POST, "/api/channels/{id}/quick-answers", Map.of("title", "Hi", "text", "Hello!"), mine))
        .isEqualTo(HttpStatus.CREATED);

    assertThat(call(manager, HttpMethod.GET, "/api/admin/channels/{id}", null, other)).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(manager, HttpMethod.PUT, "/api/admin/channels/{id}", channelBody("Taken over"), other)).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(manager, HttpMethod.PUT, "/api/admin/channels/{id}/lifecycle-settings", texts, other)).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(manager, HttpMethod.GET, "/api/admin/channels", null)).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(manager, HttpMethod.DELETE, "/api/admin/channels/{id}", null, mine)).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.exchange("/api/admin/channels/{id}", HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), Map.class, other).getBody())
        .containsEntry("name", "Other");

    ApiTokens tokens = new ApiTokens(apiKeys);
    for (String outsider : List.of(tokens.supervisor(), tokens.operator(prefix + "-anna"))) {
      assertThat(call(outsider, HttpMethod.PUT, "/api/admin/channels/{id}", channelBody("Nope"), mine)).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(call(ApiTokens.ADMIN, HttpMethod.PUT, "/api/admin/channels/{id}", channelBody("Other, by the admin"), other))
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void aChannelManagerKeyWithoutChannelsIsRefused() {
    ResponseEntity<String> refused = http.exchange("/api/admin/api-keys", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN, Map.of(
        "userId", prefix + "-nobody", "displayName", "Nobody", "roles", List.of("CHANNEL_MANAGER"))), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).contains("CHANNEL_MANAGER");
  }
}
