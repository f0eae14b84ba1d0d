package dev.openlines.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemTypesTest {

  @Autowired TestRestTemplate http;
  @Autowired ObjectMapper json;

  @Test
  void everyProblemTypeHasItsPageInDocs() {
    ProblemTypes.SLUGS.values()
        .forEach(slug -> assertThat(Path.of("docs", "problems", slug + ".md")).as(slug).exists());
  }

  @Test
  void aMissingKeyAnswersTheUnauthorizedTypeAndItsPageIsServed() throws Exception {
    JsonNode problem = json.readTree(http.getForEntity("/api/me", String.class).getBody());
    assertThat(problem.get("type").asText()).isEqualTo("/problems/unauthorized");

    ResponseEntity<String> page = http.getForEntity(problem.get("type").asText(), String.class);
    assertThat(page.getStatusCode().value()).isEqualTo(200);
    assertThat(page.getHeaders().getContentType().toString()).startsWith("text/markdown");
    assertThat(page.getBody()).contains("Authorization: Bearer").isEqualTo(Files.readString(Path.of("docs/problems/unauthorized.md")));
  }

  @Test
  void aMalformedBodyAnswersTheInvalidRequestTypeWithItsOwnTitle() throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> answer =
        http.exchange("/livechat/some-connector/chats", HttpMethod.POST, new HttpEntity<>("{not json", headers), String.class);
    JsonNode problem = json.readTree(answer.getBody());
    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-request");
    assertThat(problem.get("title").asText()).isEqualTo("Malformed JSON");
  }

  @Test
  void anUnknownTypeIsAProblemItself() throws Exception {
    ResponseEntity<String> answer = http.getForEntity("/problems/no-such-kind", String.class);
    assertThat(answer.getStatusCode().value()).isEqualTo(404);
    assertThat(json.readTree(answer.getBody()).get("type").asText()).isEqualTo("/problems/not-found");
  }
}
