package dev.openlines.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.ratelimit.RateLimits;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * The event streams as an attacker and a flaky network see them: tickets work once and briefly, keys and
 * tokens in URLs are refused, streams per session are capped, and streams closed by the client are released
 * (nothing keeps their sockets) within a heartbeat.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventStreamTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  @Autowired ApiKeyService apiKeys;
  @Autowired SseHub hub;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;

  @Test
  void aTicketOpensOneStreamOnceAndOnlyWhileFresh() throws Exception {
    String key = new ApiTokens(apiKeys).operator("ticket-op");
    String ticket = ticket(key);
    try (RawStream first = RawStream.open(port, "/api/operator/events?ticket=" + ticket)) {
      assertThat(first.status()).isEqualTo(200);
      first.awaitLine("event:ready");
      try (RawStream second = RawStream.open(port, "/api/operator/events?ticket=" + ticket)) {
        assertThat(second.status()).isEqualTo(401);
      }
    }
    String stale = ticket(key);
    long issued = System.nanoTime();
    await().atMost(WAIT).until(() -> System.nanoTime() - issued > Duration.ofMillis(5500).toNanos());
    try (RawStream late = RawStream.open(port, "/api/operator/events?ticket=" + stale)) {
      assertThat(late.status()).isEqualTo(401);
    }
    var noKey = http.exchange("/api/operator/stream-tickets", HttpMethod.POST, ApiTokens.anonymous(Map.of()), String.class);
    assertThat(noKey.getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void aClientsMessageReachesTheStreamOfTheOperatorWhoHoldsTheConversation() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String operator = fx.operator("holder");
    String channel = fx.channel("client-messages", DistributionMode.STRICT, 2, operator);
    ConnectorSettings chat = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false)));
    String key = new ApiTokens(apiKeys).operator(operator);
    try (RawStream stream = RawStream.open(port, "/api/operator/events?ticket=" + ticket(key))) {
      stream.awaitLine("event:ready");
      String token = (String) http.postForEntity("/livechat/" + chat.id() + "/chats", Map.of(), Map.class).getBody().get("token");
      String conversationId = (String) visitorWrites(token, "m-1", "Hello").get("conversationId");
      stream.awaitLine("event:offer");
      var answered = http.exchange("/api/conversations/" + conversationId + "/answer", HttpMethod.POST, ApiTokens.request(key), Void.class);
      assertThat(answered.getStatusCode().is2xxSuccessful()).isTrue();

      visitorWrites(token, "m-2", "Where is my parcel?");

      // Stored before it had a conversation, the message is announced once it belongs to one.
      assertThat(stream.awaitLine("Where is my parcel?")).contains("\"author\":\"CLIENT\"").contains(conversationId);
    }
  }

  private Map<?, ?> visitorWrites(String token, String clientMessageId, String text) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    var sent = http.postForEntity("/livechat/messages", new HttpEntity<>(Map.of("clientMessageId", clientMessageId, "text", text), headers), Map.class);
    assertThat(sent.getStatusCode().is2xxSuccessful()).as("visitor's message accepted: %s", sent.getBody()).isTrue();
    return sent.getBody();
  }

  @Test
  void aKeyOrTokenInTheUrlIsRefused() throws Exception {
    String key = new ApiTokens(apiKeys).operator("url-op");
    try (RawStream keyInUrl = RawStream.open(port, "/api/operator/events?token=" + key)) {
      assertThat(keyInUrl.status()).isEqualTo(400);
    }
    try (RawStream accessToken = RawStream.open(port, "/api/operator/events?access_token=" + key + "&ticket=" + ticket(key))) {
      assertThat(accessToken.status()).isEqualTo(400);
    }
    String token = visitorToken();
    try (RawStream tokenInUrl = RawStream.open(port, "/livechat/events?token=" + token)) {
      assertThat(tokenInUrl.status()).isEqualTo(400);
      assertThat(tokenInUrl.body()).contains("stream-tickets");
    }
  }

  @Test
  void aSessionMayHoldOnlyFourStreamsAndGetsSlotsBackWhenItClosesThem() throws Exception {
    String token = visitorToken();
    List<RawStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawStream stream = RawStream.open(port, "/livechat/events?ticket=" + visitorTicket(token));
        assertThat(stream.status()).isEqualTo(200);
        open.add(stream);
      }
      try (RawStream fifth = RawStream.open(port, "/livechat/events?ticket=" + visitorTicket(token))) {
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(fifth.header("retry-after")).isNotNull();
      }
      open.remove(0).close();
      await().atMost(WAIT).untilAsserted(() -> {
        try (RawStream again = RawStream.open(port, "/livechat/events?ticket=" + visitorTicket(token))) {
          assertThat(again.status()).isEqualTo(200);
        }
      });
    } finally {
      open.forEach(RawStream::close);
    }
  }

  @Test
  void twoThousandStreamsOpenedAndClosedByTheClientLeaveNothingHeld() throws Exception {
    int before = hub.openStreams();
    long fdsBefore = openFileDescriptors();
    String token = null;
    for (int i = 0; i < 2000; i++) {
      // Four streams per session, the cap: a fifth would wait for the heartbeat to notice a closed one.
      token = i % 4 == 0 ? visitorToken() : token;
      try (RawStream stream = RawStream.open(port, "/livechat/events?ticket=" + visitorTicket(token))) {
        assertThat(stream.status()).isEqualTo(200);
        stream.awaitLine("event:ready");
      }
    }
    // Released by the heartbeat's failed write (2 s here, 15 s by default), well within 60 s.
    await().atMost(WAIT).untilAsserted(() -> assertThat(hub.openStreams()).isLessThanOrEqualTo(before));
    await().atMost(WAIT).untilAsserted(() -> assertThat(openFileDescriptors()).isLessThan(fdsBefore + 50));
  }

  private String ticket(String key) {
    var answer = http.exchange("/api/operator/stream-tickets", HttpMethod.POST, ApiTokens.request(key), Map.class);
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    return (String) answer.getBody().get("ticket");
  }

  private ConnectorSettings connector;

  private String visitorToken() {
    if (connector == null) {
      RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
      String channel = fx.channel("streams", DistributionMode.STRICT, 1, fx.operator("streams"));
      // The stream tests start hundreds of chats from one address: limits far above that, so they test streams only.
      RateLimits generous = new RateLimits(100_000, 100_000, 100_000, 100_000, 1_000_000, 100_000);
      connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
          new LiveChatSettings(false, null, false), generous));
    }
    return (String) http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of(), Map.class).getBody().get("token");
  }

  private String visitorTicket(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", token);
    return (String) http.postForEntity("/livechat/stream-tickets", new HttpEntity<>(headers), Map.class).getBody().get("ticket");
  }

  private static long openFileDescriptors() {
    String[] fds = new java.io.File("/proc/self/fd").list();
    return fds == null ? 0 : fds.length;
  }

  /** An event-stream request on a plain socket, so closing it is exactly what a browser tab does: the socket goes. */
  static final class RawStream implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final int status;
    private final Map<String, String> headers = new java.util.HashMap<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private RawStream(Socket socket) throws Exception {
      this.socket = socket;
      this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String statusLine = in.readLine();
      this.status = Integer.parseInt(statusLine.split(" ")[1]);
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
      }
    }

    static RawStream open(int port, String path) throws Exception {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new RawStream(socket);
    }

    int status() {
      return status;
    }

    String header(String name) {
      return headers.get(name);
    }

    /** The body of a short (error) answer. */
    String body() throws Exception {
      StringBuilder body = new StringBuilder();
      char[] buffer = new char[4096];
      int read = in.read(buffer);
      while (read > 0) {
        body.append(buffer, 0, read);
        read = in.ready() ? in.read(buffer) : -1;
      }
      return body.toString();
    }

    /** Reads up to the first line that contains {@code expected} and returns it. */
    String awaitLine(String expected) throws Exception {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.contains(expected)) {
          return line;
        }
      }
      throw new AssertionError("stream ended before " + expected);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (java.io.IOException ignored) {
        // already closed
      }
    }
  }
}
