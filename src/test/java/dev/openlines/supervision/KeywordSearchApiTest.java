package dev.openlines.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.AdminApi;
import dev.openlines.testing.ApiTokens;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

/** The supervisor's conversation list searched by words in the messages or the client's name, over a bounded period, paged. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeywordSearchApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ClientConversations clients;
  @Autowired ApiKeyService apiKeys;
  @Autowired Clock clock;

  final String prefix = UUID.randomUUID().toString().substring(0, 8);

  ResponseEntity<List<Map<String, Object>>> search(String key, String query) {
    return http.exchange("/api/supervisor/conversations?" + query, HttpMethod.GET, ApiTokens.request(key),
        new ParameterizedTypeReference<List<Map<String, Object>>>() {});
  }

  @Test
  void wordsInAMessageOrTheClientsNameFindTheirConversationsPagedWithinTheGivenPeriod() {
    String channel = new AdminApi(http).createChannel("search-" + prefix, "Search", prefix + "-nobody", "PT5M");
    Started parcel = clients.start(channel);
    clients.write(parcel, "My PARCEL " + prefix + " is late");
    Started invoice1 = clients.start(channel);
    clients.write(invoice1, "A question about invoice-" + prefix);
    Started invoice2 = clients.start(channel);
    clients.write(invoice2, "Another one about Invoice-" + prefix);
    Started named = clients.start(channel, new ClientProfile("Zoltan Kovacs-" + prefix, null, null, null));
    String key = new ApiTokens(apiKeys).supervisor();
    Instant now = clock.instant();
    String period = "&from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plus(Duration.ofHours(1)) + "&channelId=" + channel;

    assertThat(search(key, "q=parcel " + prefix + period).getBody()).extracting(row -> row.get("id"))
        .containsExactly(parcel.conversationId());
    assertThat(search(key, "q=kovacs-" + prefix + period).getBody()).extracting(row -> row.get("id"))
        .containsExactly(named.conversationId());

    ResponseEntity<List<Map<String, Object>>> firstPage = search(key, "q=INVOICE-" + prefix + "&limit=1" + period);
    assertThat(firstPage.getHeaders().getFirst("X-Total-Count")).isEqualTo("2");
    assertThat(firstPage.getBody()).extracting(row -> row.get("id")).containsExactly(invoice2.conversationId());
    assertThat(firstPage.getHeaders().getFirst("Link")).contains("rel=\"next\"");

    assertThat(search(key, "q=nothing-like-" + prefix + period).getBody()).isEmpty();
  }

  @Test
  void aSearchWithoutAPeriodOrOverMoreThan31DaysIsRefused() {
    String key = new ApiTokens(apiKeys).supervisor();
    Instant now = clock.instant();
    ResponseEntity<String> noPeriod = http.exchange("/api/supervisor/conversations?q=parcel", HttpMethod.GET, ApiTokens.request(key),
        String.class);
    assertThat(noPeriod.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noPeriod.getBody()).contains("needs the period");
    ResponseEntity<String> tooLong = http.exchange("/api/supervisor/conversations?q=parcel&from=" + now.minus(Duration.ofDays(40))
        + "&to=" + now, HttpMethod.GET, ApiTokens.request(key), String.class);
    assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooLong.getBody()).contains("at most 31 days");
  }
}
