package dev.openlines.quickanswer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** One channel's quick-answer list attached to several channels through the admin API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuickAnswerSharingApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  List<Object> titlesIn(String channelId, String operatorKey) {
    ResponseEntity<List<Map<String, Object>>> found = http.exchange("/api/channels/{id}/quick-answers", HttpMethod.GET,
        ApiTokens.request(operatorKey), new ParameterizedTypeReference<List<Map<String, Object>>>() {}, channelId);
    assertThat(found.getStatusCode()).isEqualTo(HttpStatus.OK);
    return found.getBody().stream().map(answer -> answer.get("title")).toList();
  }

  ResponseEntity<Map> share(String channelId, List<String> with) {
    return http.exchange("/api/admin/channels/{id}/quick-answer-sharing", HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, Map.of("sharedWith", with)), Map.class, channelId);
  }

  @Test
  void aListAttachedToSeveralChannelsIsFoundAndReadThereUntilItIsDetached() {
    AdminApi admin = new AdminApi(http);
    String owner = admin.createChannel("qa-owner-" + prefix, "Owner", prefix + "-nobody", "PT5M");
    String shop = admin.createChannel("qa-shop-" + prefix, "Shop", prefix + "-nobody", "PT5M");
    String phone = admin.createChannel("qa-phone-" + prefix, "Phone", prefix + "-nobody", "PT5M");
    ResponseEntity<Map> created = http.exchange("/api/channels/{id}/quick-answers", HttpMethod.POST, ApiTokens.request(ApiTokens.ADMIN,
        Map.of("title", "Delivery times", "text", "Parcels arrive within 3 working days.")), Map.class, owner);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String answerId = (String) created.getBody().get("id");
    String operator = new ApiTokens(apiKeys).operator(prefix + "-anna");
    assertThat(titlesIn(shop, operator)).isEmpty();

    assertThat(share(owner, List.of(shop, phone)).getStatusCode()).isEqualTo(HttpStatus.OK);

    assertThat(titlesIn(shop, operator)).containsExactly("Delivery times");
    assertThat(titlesIn(phone, operator)).containsExactly("Delivery times");
    assertThat(titlesIn(owner, operator)).containsExactly("Delivery times");
    assertThat(http.exchange("/api/channels/{c}/quick-answers/{id}", HttpMethod.GET, ApiTokens.request(operator), Map.class, shop, answerId)
        .getBody()).containsEntry("text", "Parcels arrive within 3 working days.");

    // A channel that does not exist: refused, the sharing stays as it was.
    assertThat(share(owner, List.of(shop, "no-such-" + prefix)).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(titlesIn(phone, operator)).containsExactly("Delivery times");

    assertThat(share(owner, List.of(shop)).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(titlesIn(phone, operator)).isEmpty();
    assertThat(titlesIn(shop, operator)).containsExactly("Delivery times");
    assertThat(http.exchange("/api/admin/channels/{id}/quick-answer-sharing", HttpMethod.GET, ApiTokens.request(ApiTokens.ADMIN), Map.class,
        owner).getBody().get("sharedWith")).isEqualTo(List.of(shop));
  }
}
