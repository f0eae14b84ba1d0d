package dev.openlines.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The whole product in real browsers: a visitor chats in the widget embedded in a page of another origin,
 * the operator works in the console, the supervisor sees the result. Latencies are measured in the browsers
 * (same machine, same clock) and must stay within 500 ms, as the console's promise says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleAndWidgetBrowserTest {

  static final Duration WAIT = Duration.ofSeconds(40);
  static final long LIVE_MS = 500;

  /** Records when each chat bubble or inbox offer first appeared in the page (or the widget's shadow root). */
  static final String WATCH = """
      var root = arguments[0] ? document.getElementById('openlines-widget').shadowRoot : document.body;
      window.__seen = [];
      var record = function () {
        root.querySelectorAll('.msg, .m, .item[data-kind=offer]').forEach(function (e) {
          if (!e.__seen) { e.__seen = true; window.__seen.push({ text: e.textContent, id: e.dataset.id || '', at: Date.now() }); }
        });
      };
      new MutationObserver(record).observe(root, { subtree: true, childList: true });
      record();
      """;
  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;

  HttpServer otherOrigin;
  WebDriver visitor;
  WebDriver operator;
  WebDriver colleague;

  @BeforeEach
  void chromium() {
    Browsers.assumeChromium();
  }

  @AfterEach
  void close() {
    Browsers.quit(visitor, operator, colleague);
    if (otherOrigin != null) {
      otherOrigin.stop(0);
    }
  }

  @Test
  void anUnansweredOfferMovesToTheNextOperatorsConsoleWhenTheIdleTimePasses() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String paul = fx.operator("paul");
    String channel = fx.channel("idle", DistributionMode.STRICT, 2, olga, paul);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new ConnectorSettings.LiveChat(false, null, false)));
    ApiTokens tokens = new ApiTokens(apiKeys);
    operator = Browsers.open(1000, 700);
    signIn(operator, "/console/", tokens.operator(olga));
    colleague = Browsers.open(1000, 700);
    signIn(colleague, "/console/", tokens.operator(paul));

    Map<?, ?> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ben"), Map.class).getBody();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", (String) chat.get("token"));
    var sent = http.postForEntity("/livechat/messages", new HttpEntity<>(Map.of("clientMessageId", "m-1", "text", "Anyone there?"), headers), Map.class);
    String conversationId = (String) sent.getBody().get("conversationId");

    String offered = ".item[data-kind=offer][data-id='" + conversationId + "']";
    await().atMost(WAIT).until(() -> !operator.findElements(By.cssSelector(offered)).isEmpty());
    assertThat(operator.findElement(By.cssSelector(offered)).getText()).contains("moves on in");
    assertThat(colleague.findElements(By.cssSelector(offered))).isEmpty();

    engine.increaseTime(RoutingFixtures.IDLE_TIME);

    await().atMost(WAIT).until(() -> !colleague.findElements(By.cssSelector(offered)).isEmpty());
    await().atMost(WAIT).until(() -> operator.findElements(By.cssSelector(offered)).isEmpty());
  }

  private void signIn(WebDriver browser, String path, String key) {
    browser.get("http://localhost:" + port + path);
    WebElement input = await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("api-key")), WebElement::isDisplayed);
    input.sendKeys(key);
    browser.findElement(By.id("sign-in")).click();
    await().atMost(WAIT).ignoreExceptions().until(() -> "true".equals(browser.findElement(By.id("live")).getAttribute("data-live")));
  }

  private static void watch(WebDriver browser, boolean widget) {
    ((JavascriptExecutor) browser).executeScript(WATCH, widget);
  }

  private static long now(WebDriver browser) {
    return ((Number) ((JavascriptExecutor) browser).executeScript("return Date.now()")).longValue();
  }

  /** When the text (or the inbox item's id) first appeared, by the page's clock. */
  private static long firstSeen(WebDriver browser, String textOrId) {
    Number at = (Number) ((JavascriptExecutor) browser).executeScript("""
        var hits = window.__seen.filter(function (s) { return s.id === arguments[0] || s.text.indexOf(arguments[0]) >= 0; });
        return hits.length ? Math.min.apply(null, hits.map(function (s) { return s.at; })) : null;
        """.replace("arguments[0]", "'" + textOrId.replace("'", "\\'") + "'"));
    if (at == null) {
      throw new AssertionError("not shown yet: " + textOrId);
    }
    return at.longValue();
  }

  private static long awaitSeen(WebDriver browser, String text) {
    return await().atMost(WAIT).ignoreExceptions().until(() -> firstSeen(browser, text), at -> at > 0);
  }

  /** A page on another origin (127.0.0.1 and another port) that embeds the widget from the service. */
  private String startOtherOrigin() throws Exception {
    otherOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    otherOrigin.start();
    return "http://127.0.0.1:" + otherOrigin.getAddress().getPort();
  }

  private void serveHostPage(String connectorId) {
    String page = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop on another origin</title></head>
        <body style="font-family:sans-serif;background:#fafafa"><h1>A shop on another origin</h1>
        <p>This page is served from a different origin than OpenLines; the widget talks to OpenLines through CORS.</p>
        <script src="http://localhost:%d/widget/openlines.js" data-connector="%s" data-title="Chat with Shop" async></script>
        </body></html>
        """.formatted(port, connectorId);
    otherOrigin.createContext("/", exchange -> {
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
  }
}
