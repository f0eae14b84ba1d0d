package dev.openlines.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.LiveChatSettings;
import dev.openlines.conversation.ClientRating;
import dev.openlines.conversation.Conversation;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.conversation.MessageAuthor;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingFixtures;
import dev.openlines.ratelimit.RateLimits;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import dev.openlines.connector.DeliveryException;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.testing.TestMessenger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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

  /** Generous: the machine may be shared with builds and benchmarks; the latency bounds below are what is strict. */
  static final Duration WAIT = Duration.ofSeconds(120);
  static final long LIVE_MS = 500;
  /**
   * The 500 ms bound holds the service to its promise only where the browsers and the service get the CPU: above this
   * one-minute load average per core (set with {@code -Dbrowser.latency.max-load-per-core}) the machine is shared with
   * other builds and benchmarks, a step can wait seconds for a core, and the figure says nothing about the code. Then
   * the latency is still measured and logged with the load, and every live delivery is still awaited and asserted.
   */
  static final double MAX_LOAD_PER_CORE = Double.parseDouble(System.getProperty("browser.latency.max-load-per-core", "4"));

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
  /** Whether the first picture under the selector (arguments[0]) has loaded, decoded at its real size. */
  static final String LOADED_THUMBNAIL =
      "var img = document.querySelector(arguments[0] + ' img.thumb'); return !!img && img.complete && img.naturalWidth === 40;";

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;
  @Autowired ConversationMessageStore messages;
  @Autowired ApiKeyService apiKeys;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;
  @Autowired SupportDesks desks;
  @Autowired ClientConversations clients;
  @Autowired TestMessenger messenger;

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
  void aVisitorChatsFromAnotherOriginTheOperatorAnswersLiveAndTheSupervisorSeesTheRating() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("browser", DistributionMode.STRICT, 2, olga);
    String pageOrigin = startOtherOrigin();
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1_000_000, null,
        new LiveChatSettings(false, null, true, List.of(pageOrigin))));
    serveHostPage(connector.id());
    ApiTokens tokens = new ApiTokens(apiKeys);

    java.nio.file.Path operatorDownloads = java.nio.file.Files.createTempDirectory("openlines-operator-downloads-");
    operator = Browsers.open(1280, 800, operatorDownloads);
    signIn(operator, "/console/", tokens.operator(olga));
    watch(operator, false);

    SearchContext widget = openWidgetOn(pageOrigin);
    WebElement name = await().atMost(WAIT).ignoreExceptions().until(() -> widget.findElement(By.cssSelector("#ol-name")), WebElement::isDisplayed);
    name.sendKeys("Ann");
    widget.findElement(By.cssSelector("#ol-email")).sendKeys("ann-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com");
    Browsers.screenshot(visitor, "widget-open");
    widget.findElement(By.cssSelector("form button[type=submit]")).click();
    WebElement text = await().atMost(WAIT).ignoreExceptions().until(() -> widget.findElement(By.cssSelector("#ol-text")), WebElement::isDisplayed);
    watch(visitor, true);
    text.sendKeys("Hello, I need help with my order", Keys.ENTER);

    // The offer appears in the console without a reload, within 500 ms of being made. offeredAt is stamped
    // by the application's clock, which follows the engine's (time travel included): moved to the wall
    // clock the browsers share with this JVM.
    String conversationId = await().atMost(WAIT).ignoreExceptions()
        .until(() -> operator.findElement(By.cssSelector(".item[data-kind=offer]")).getAttribute("data-id"), id -> id != null);
    Offer offer = routing.offers(conversationId).stream().filter(o -> o.status() == OfferStatus.OFFERED).findFirst().orElseThrow();
    long offeredAt = offer.offeredAt().toEpochMilli() - (clock.millis() - System.currentTimeMillis());
    long offerShownAt = firstSeen(operator, conversationId);
    log("offer made -> shown in the console", offerShownAt - offeredAt, operator);
    assertWithinLiveBound("ms from offer to console", offerShownAt - offeredAt);
    click(operator, By.cssSelector(".item[data-id='" + conversationId + "']"));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("messages")).getText().contains("Hello, I need help"));
    Browsers.screenshot(operator, "console-inbox");
    click(operator, By.cssSelector("button[data-action=answer]"));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("reply")).isDisplayed());

    // The visitor types: the operator sees the preview; the sent message arrives within 500 ms.
    text.sendKeys("My order number is 4");
    text.sendKeys("2");
    await().atMost(WAIT).ignoreExceptions().alias("typing preview; console events: " + ((JavascriptExecutor) operator).executeScript("return JSON.stringify(window.openlinesEvents)"))
        .until(() -> operator.findElement(By.id("typing-preview")).getText().contains("My order number is 42"));
    assertShownLive("visitor sends -> shown in the console", visitor, text, operator, "My order number is 42");

    // The operator replies: the visitor sees it within 500 ms.
    WebElement reply = operator.findElement(By.id("reply"));
    reply.sendKeys("Hi Ann, order 42 ships today.");
    assertShownLive("operator sends -> shown in the widget", operator, reply, visitor, "Hi Ann, order 42 ships today.");
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("messages")).getText().contains("Hi Ann, order 42 ships today."));

    // The visitor attaches a picture: the operator sees it inline and downloads it; the operator's file reaches the widget.
    java.nio.file.Path uploads = java.nio.file.Files.createTempDirectory("openlines-uploads-");
    byte[] picture = dev.openlines.testing.TestFiles.png();
    java.nio.file.Path receipt = java.nio.file.Files.write(uploads.resolve("receipt.png"), picture);
    widget.findElement(By.cssSelector("#ol-file")).sendKeys(receipt.toString());
    await().atMost(WAIT).alias("the picture in the console")
        .until(() -> Boolean.TRUE.equals(((JavascriptExecutor) operator).executeScript(LOADED_THUMBNAIL, "#messages")));
    click(operator, By.cssSelector("#messages a.attachment"));
    java.nio.file.Path downloaded = operatorDownloads.resolve("receipt.png");
    await().atMost(WAIT).alias("the picture downloaded by the operator").until(() -> java.nio.file.Files.exists(downloaded)
        && java.util.Arrays.equals(java.nio.file.Files.readAllBytes(downloaded), picture));
    await().atMost(WAIT).alias("the picture shown to the visitor")
        .until(() -> Boolean.TRUE.equals(((JavascriptExecutor) visitor).executeScript(
            "var img = document.getElementById('openlines-widget').shadowRoot.querySelector('.msg.me img.thumb');"
                + " return !!img && img.complete && img.naturalWidth === 40;")));
    java.nio.file.Path priceList = java.nio.file.Files.write(uploads.resolve("price-list.pdf"),
        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
    operator.findElement(By.id("attach")).sendKeys(priceList.toString());
    click(operator, By.id("send"));
    await().atMost(WAIT).ignoreExceptions().alias("the operator's file in the widget")
        .until(() -> widget.findElement(By.cssSelector(".msg.op .file a")).getText().contains("price-list.pdf"));
    Browsers.screenshot(visitor, "widget-conversation");
    Browsers.screenshot(operator, "console-conversation");

    // The visitor writes while the operator confirms the close: the close is refused, and the message shown.
    click(operator, By.cssSelector("button[data-action=close]"));
    text.sendKeys("Wait, one more thing", Keys.ENTER);
    await().atMost(WAIT).alias("the visitor's late message stored").until(() -> messages.history(conversationId).stream()
        .anyMatch(m -> "Wait, one more thing".equals(m.getText())));
    operator.switchTo().alert().accept();
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("status")).getText().contains("The client wrote after"));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("messages")).getText().contains("Wait, one more thing"));
    assertThat(conversations.findById(conversationId).orElseThrow().getCloseRequestedAt()).as("not closing").isNull();

    // The operator closes what they now see; the visitor rates.
    click(operator, By.cssSelector("button[data-action=close]"));
    operator.switchTo().alert().accept();
    WebElement like = await().atMost(WAIT).ignoreExceptions()
        .until(() -> widget.findElement(By.cssSelector("button[data-rating=LIKE]")), WebElement::isDisplayed);
    like.click();
    widget.findElement(By.cssSelector("#ol-comment")).sendKeys("Quick and kind");
    Browsers.screenshot(visitor, "widget-rating");
    widget.findElement(By.cssSelector("form button[type=submit]")).click();
    await().atMost(WAIT).ignoreExceptions().until(() -> widget.findElement(By.cssSelector(".body")).getText().contains("Thank you"));
    assertThat(conversations.findById(conversationId).orElseThrow().getClientRating()).isEqualTo(ClientRating.LIKE);

    // The supervisor's list shows the conversation with its rating and KPI columns.
    operator.get("http://localhost:" + port + "/console/supervisor.html");
    ((JavascriptExecutor) operator).executeScript("sessionStorage.clear()");
    signIn(operator, "/console/supervisor.html", tokens.supervisor());
    String row = "#conversations tr[data-id='" + conversationId + "']";
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.cssSelector(row + " td[data-col=rating]")).getText().contains("Quick and kind"));
    assertThat(operator.findElement(By.cssSelector(row + " td[data-col=first]")).getText()).endsWith(" s");
    assertThat(operator.findElement(By.cssSelector(row + " td[data-col=operator]")).getText()).isEqualTo(olga);
    click(operator, By.cssSelector(row));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("transcript")).getText().contains("order 42 ships today"));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.cssSelector("#chart svg rect")) != null);
    Browsers.screenshot(operator, "supervisor");
  }

  @Test
  void anUnansweredOfferMovesToTheNextOperatorsConsoleWhenTheIdleTimePasses() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String paul = fx.operator("paul");
    String channel = fx.channel("idle", DistributionMode.STRICT, 2, olga, paul);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false)));
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
    await().atMost(WAIT).alias("offer in olga's console; her events: " + events(operator))
        .until(() -> !operator.findElements(By.cssSelector(offered)).isEmpty());
    // The console redraws the item as the inbox reload fills in its details: read it again until it holds.
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.cssSelector(offered)).getText().contains("moves on in"));
    assertThat(colleague.findElements(By.cssSelector(offered))).isEmpty();

    engine.increaseTime(RoutingFixtures.IDLE_TIME);

    await().atMost(WAIT).until(() -> !colleague.findElements(By.cssSelector(offered)).isEmpty());
    await().atMost(WAIT).until(() -> operator.findElements(By.cssSelector(offered)).isEmpty());
  }

  /** A link from a notification ({@code /console/?conversation=<id>}) opens that conversation with its history and actions. */
  @Test
  void aLinkToAConversationOpensItInTheConsole() throws Exception {
    String conversationId = olgaOpensHerConversationByLink("link", "Where is my parcel?");

    assertThat(operator.findElement(By.id("conv")).getText()).contains("Close");
    assertThat(operator.findElement(By.id("reply")).isDisplayed()).isTrue();
  }

  /**
   * The answer to Olga's reply is lost on its way back (the service sent it, the network dropped the answer): the
   * console keeps the text, and pressing Send again sends it under the same Idempotency-Key, so the client has it once.
   */
  @Test
  void aReplyWhoseAnswerWasLostIsSentOnceWhenTheOperatorPressesSendAgain() throws Exception {
    String conversationId = olgaOpensHerConversationByLink("lost-answer", "Is my order shipped?");
    ((JavascriptExecutor) operator).executeScript("""
        var real = window.fetch; window.__answersLost = 0;
        window.fetch = function (url, init) {
          var answer = real.apply(this, arguments);
          if (window.__answersLost === 0 && init && init.method === 'POST' && String(url).endsWith('/messages')) {
            window.__answersLost++;
            return answer.then(function () { throw new TypeError('Failed to fetch'); });
          }
          return answer;
        };""");
    WebElement reply = operator.findElement(By.id("reply"));
    reply.sendKeys("Yes, it left this morning");

    click(operator, By.id("send"));
    await().atMost(WAIT).until(() -> operator.findElement(By.id("status")).getText().contains("No answer from the service: press Send again"));
    assertThat(reply.getDomProperty("value")).as("kept for sending again").isEqualTo("Yes, it left this morning");
    click(operator, By.id("send"));

    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("reply")).getDomProperty("value").isEmpty());
    assertThat(messages.history(conversationId)).filteredOn(m -> m.getAuthor() == MessageAuthor.OPERATOR)
        .extracting(ConversationMessage::getText).containsExactly("Yes, it left this morning");
  }

  /**
   * Olga's reply reaches a messenger that asks to wait (429 with retry-after, twice): her console marks it "not
   * delivered yet" and drops the mark by itself when the background retry gets it out.
   */
  @Test
  void aReplyTheMessengerDidNotTakeAtOnceIsMarkedUntilItGoesOut() throws Exception {
    SupportDesk desk = desks.open();
    String olga = desk.operator("Olga");
    String conversationId = clients.start(desk.channel("marks", olga)).conversationId();
    desk.answers(olga, conversationId);
    operator = Browsers.open(1000, 700);
    signIn(operator, "/console/?conversation=" + conversationId, new ApiTokens(apiKeys).operator(olga));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("conv")).getDomAttribute("data-view"),
        view -> view != null && view.startsWith(conversationId + "|mine|"));
    Duration wait = Duration.ofSeconds(4);
    messenger.failNext(conversationId, DeliveryException.temporary("429 Too Many Requests", wait, null),
        DeliveryException.temporary("429 Too Many Requests", wait, null));

    operator.findElement(By.id("reply")).sendKeys("Your parcel left today");
    click(operator, By.id("send"));

    By reply = By.xpath("//div[@id='messages']/div[contains(., 'Your parcel left today')]");
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(reply).getText(), text -> text.contains("not delivered yet"));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(reply).getDomAttribute("data-delivery"), "DELIVERED"::equals);
    assertThat(operator.findElement(reply).getText()).doesNotContain("not delivered");
    assertThat(messenger.deliveredTo(conversationId)).extracting(dev.openlines.connector.OutboundMessage::text)
        .containsOnlyOnce("Your parcel left today");
  }

  /** A visitor writes on a live chat of Olga's channel, she answers, and opens the conversation by its link. */
  private String olgaOpensHerConversationByLink(String channelName, String visitorText) throws java.io.IOException {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel(channelName, DistributionMode.STRICT, 2, olga);
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, false)));
    String token = new ApiTokens(apiKeys).operator(olga);
    Map<?, ?> chat = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Lena"), Map.class).getBody();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-LiveChat-Token", (String) chat.get("token"));
    String conversationId = (String) http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", "m-1", "text", visitorText), headers), Map.class).getBody().get("conversationId");
    await().atMost(WAIT).until(() -> routing.offers(conversationId).stream()
        .anyMatch(o -> o.operatorId().equals(olga) && o.status() == OfferStatus.OFFERED));
    assertThat(http.exchange("/api/conversations/" + conversationId + "/answer", org.springframework.http.HttpMethod.POST,
        ApiTokens.request(token, null), String.class).getStatusCode().value()).isEqualTo(204);

    operator = Browsers.open(1000, 700);
    signIn(operator, "/console/?conversation=" + conversationId, token);
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("conv")).getDomAttribute("data-view"),
        view -> view != null && view.startsWith(conversationId + "|mine|"));
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("messages")).getText().contains(visitorText));
    return conversationId;
  }

  /** A channel switched off takes no new chats, and its widget tells the visitor so instead of a form. */
  @Test
  @SuppressWarnings("unchecked")
  void theWidgetOfAChannelSwitchedOffSaysItTakesNoNewChats() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("off", DistributionMode.STRICT, 2, olga);
    String pageOrigin = startOtherOrigin();
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, true, List.of(pageOrigin))));
    serveHostPage(connector.id());
    Map<String, Object> saved = http.exchange("/api/admin/channels/{id}", org.springframework.http.HttpMethod.GET,
        ApiTokens.request(ApiTokens.ADMIN, null), Map.class, channel).getBody();
    saved.put("active", false);
    assertThat(http.exchange("/api/admin/channels/{id}", org.springframework.http.HttpMethod.PUT,
        ApiTokens.request(ApiTokens.ADMIN, saved), String.class, channel).getStatusCode().value()).isEqualTo(200);

    SearchContext widget = openWidgetOn(pageOrigin);
    WebElement notice = await().atMost(WAIT).ignoreExceptions()
        .until(() -> widget.findElement(By.cssSelector(".msg.sys.offline")), WebElement::isDisplayed);
    assertThat(notice.getText()).isEqualTo("We are offline and take no new chats right now.");
  }

  /**
   * A visitor whose first message meets a full queue (the connector takes one waiting conversation: 429 with
   * Retry-After 30 s) reads that the operators are busy and when the message goes again, not "check your
   * connection"; the widget sends it again by itself then, and once the waiting client was answered it is taken.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aMessageRefusedWhileTheQueueIsFullIsSentAgainByTheWidgetWhenTheServiceSaysSo() throws Exception {
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    String olga = fx.operator("olga");
    String channel = fx.channel("full", DistributionMode.STRICT, 5, olga);
    String pageOrigin = startOtherOrigin();
    ConnectorSettings connector = connectors.create(new ConnectorSettings(null, channel, ConnectorTypes.LIVECHAT, 1000, null,
        new LiveChatSettings(false, null, true, List.of(pageOrigin)), new RateLimits(null, null, null, null, null, 1)));
    serveHostPage(connector.id());
    Map<String, Object> waiting = http.postForEntity("/livechat/" + connector.id() + "/chats", Map.of("name", "Ben"), Map.class).getBody();
    HttpHeaders ben = new HttpHeaders();
    ben.setContentType(MediaType.APPLICATION_JSON);
    ben.set("X-LiveChat-Token", (String) waiting.get("token"));
    String waitingId = (String) http.postForEntity("/livechat/messages",
        new HttpEntity<>(Map.of("clientMessageId", "m-1", "text", "Anyone there?"), ben), Map.class).getBody().get("conversationId");
    await().atMost(WAIT).until(() -> routing.offers(waitingId).stream().anyMatch(o -> o.operatorId().equals(olga)));

    SearchContext widget = openWidgetOn(pageOrigin);
    await().atMost(WAIT).ignoreExceptions().until(() -> widget.findElement(By.cssSelector("#ol-name")), WebElement::isDisplayed)
        .sendKeys("Ann");
    widget.findElement(By.cssSelector("form button[type=submit]")).click();
    await().atMost(WAIT).ignoreExceptions().until(() -> widget.findElement(By.cssSelector("#ol-text")), WebElement::isDisplayed)
        .sendKeys("Is anyone free?", Keys.ENTER);
    await().atMost(WAIT).ignoreExceptions().until(() -> widget.findElement(By.cssSelector(".foot .err")).getText(),
        shown -> shown.equals("All our operators are busy right now. Your message will be sent again in 30 s."));
    Browsers.screenshot(visitor, "widget-busy");

    assertThat(http.exchange("/api/conversations/" + waitingId + "/answer", org.springframework.http.HttpMethod.POST,
        ApiTokens.request(new ApiTokens(apiKeys).operator(olga), null), String.class).getStatusCode().value()).isEqualTo(204);
    String annsId = await().atMost(WAIT).until(() -> mongo.find(Query.query(Criteria.where("channelId").is(channel)), Conversation.class)
        .stream().map(Conversation::getId).filter(id -> !id.equals(waitingId)).findFirst().orElse(null), java.util.Objects::nonNull);
    await().atMost(WAIT).until(() -> routing.offers(annsId).stream().anyMatch(o -> o.operatorId().equals(olga)));
    await().atMost(WAIT).ignoreExceptions().until(() -> widget.findElement(By.cssSelector(".foot .err")).getText().isEmpty());
    assertThat(messages.history(annsId)).extracting(ConversationMessage::getText).containsExactly("Is anyone free?");
  }

  /**
   * What a browser downloads: the widget's one file, and every file the console fetches for its first
   * paint (the sign-in form), as the browser itself lists them. Sizes gzipped (level 9, as a compressing
   * proxy would send them) and raw; written to target/asset-sizes.txt for docs/walkthrough.md.
   */
  @Test
  void theWidgetAndTheConsolesFirstLoadStaySmall() throws Exception {
    operator = Browsers.open(1000, 700);
    operator.get("http://localhost:" + port + "/console/");
    await().atMost(WAIT).ignoreExceptions().until(() -> operator.findElement(By.id("api-key")).isDisplayed());
    @SuppressWarnings("unchecked")
    List<String> fetched = (List<String>) ((JavascriptExecutor) operator).executeScript(
        "return [location.href].concat(performance.getEntriesByType('resource').map(function (e) { return e.name; }));");
    StringBuilder report = new StringBuilder();
    long consoleRaw = 0;
    long consoleGzip = 0;
    for (String url : fetched) {
      byte[] body = http.getForObject(java.net.URI.create(url), byte[].class);
      consoleRaw += body.length;
      consoleGzip += gzipped(body);
      report.append("console file ").append(url.replace("http://localhost:" + port, "")).append(": ")
          .append(body.length).append(" B raw, ").append(gzipped(body)).append(" B gzip\n");
    }
    // The demo page embeds the widget: the widget's whole download is its one script.
    RoutingFixtures fx = new RoutingFixtures(channels, operators, mongo);
    ConnectorSettings demo = connectors.create(new ConnectorSettings(null, fx.channel("sizes", DistributionMode.STRICT, 1, fx.operator("sizes")),
        ConnectorTypes.LIVECHAT, 1000, null, new LiveChatSettings(false, null, false)));
    visitor = Browsers.open(1000, 700);
    visitor.get("http://localhost:" + port + "/demo/?connector=" + demo.id());
    SearchContext widgetRoot = await().atMost(WAIT).ignoreExceptions()
        .until(() -> visitor.findElement(By.id("openlines-widget")).getShadowRoot(), root -> root != null);
    widgetRoot.findElement(By.cssSelector(".bubble")).click();
    await().atMost(WAIT).ignoreExceptions().until(() -> widgetRoot.findElement(By.cssSelector("#ol-name")).isDisplayed());
    @SuppressWarnings("unchecked")
    List<String> widgetFiles = (List<String>) ((JavascriptExecutor) visitor).executeScript(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
            + ".filter(function (n) { return n.indexOf('/widget/') >= 0; });");
    assertThat(widgetFiles).containsExactly("http://localhost:" + port + "/widget/openlines.js");
    byte[] widget = http.getForObject("/widget/openlines.js", byte[].class);
    report.append("console first load (").append(fetched.size()).append(" files): ").append(consoleRaw).append(" B raw, ")
        .append(consoleGzip).append(" B gzip\n")
        .append("widget /widget/openlines.js: ").append(widget.length).append(" B raw, ").append(gzipped(widget)).append(" B gzip\n");
    System.out.print(report);
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "asset-sizes.txt"), report);
    assertThat(fetched).as("the console's first paint needs its page, script and styles").hasSizeGreaterThanOrEqualTo(3);
    assertThat(gzipped(widget)).as("widget gzip bytes (aim: under 30 KB)").isLessThan(30 * 1024);
  }

  private static int gzipped(byte[] data) throws java.io.IOException {
    var out = new java.io.ByteArrayOutputStream();
    try (var gzip = new java.util.zip.GZIPOutputStream(out) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
      }
    }) {
      gzip.write(data);
    }
    return out.size();
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

  /** The measured latency, with the console's last events (each with the time it arrived) for a slow one. */
  private static void log(String what, long millis, WebDriver console) {
    System.out.printf("[browser latency] %s: %d ms (limit %d ms)%n", what, millis, LIVE_MS);
    if (millis > LIVE_MS) {
      System.out.println("[browser latency] console events: " + events(console));
    }
  }

  /** Holds the latency to {@link #LIVE_MS} unless the machine is overloaded right now (see {@link #MAX_LOAD_PER_CORE}). */
  private static void assertWithinLiveBound(String what, long millis) {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double loadPerCore = os.getSystemLoadAverage() / os.getAvailableProcessors();
    if (loadPerCore > MAX_LOAD_PER_CORE) {
      System.out.printf("[browser latency] %s = %d ms not held to %d ms: load average %.1f per core (above %.1f)%n",
          what, millis, LIVE_MS, loadPerCore, MAX_LOAD_PER_CORE);
      return;
    }
    assertThat(millis).as(what + " (load average %.1f per core)", loadPerCore).isLessThanOrEqualTo(LIVE_MS);
  }

  /** Clicks what the selector finds: the console redraws its lists and views on events, so a stale find is found again. */
  private static void click(SearchContext page, By selector) {
    await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
      page.findElement(selector).click();
      return true;
    });
  }

  /** The console's last stream events, for a failure message. */
  private static Object events(WebDriver console) {
    return ((JavascriptExecutor) console).executeScript("return JSON.stringify(window.openlinesEvents)");
  }

  /**
   * Sends what is typed in {@code field} with Enter and asserts that the other browser shows {@code text}
   * within {@link #LIVE_MS}, from the sender page's keydown to the receiver page's DOM, on the one clock.
   */
  private void assertShownLive(String what, WebDriver sender, WebElement field, WebDriver receiver, String text) {
    stampEnter(sender, field);
    field.sendKeys(Keys.ENTER);
    long shownAt = awaitSeen(receiver, text);
    long sentAt = enterPressedAt(sender);
    log(what, shownAt - sentAt, operator);
    assertWithinLiveBound("ms, " + what, shownAt - sentAt);
  }

  /**
   * Notes, by the page's clock, when the page receives the Enter that sends: the latency starts where the
   * person's key press does, not where the test's WebDriver command leaves.
   */
  private static void stampEnter(WebDriver browser, WebElement field) {
    // On the document, capturing: a listener on the field itself would be lost if the page redrew the field meanwhile
    // (keydown is composed, so one typed in the widget's shadow root reaches the document too).
    ((JavascriptExecutor) browser).executeScript(
        "window.__enterAt = null; if (!window.__enterStamp) { window.__enterStamp = true; document.addEventListener('keydown', function (e) {"
            + " if (e.key === 'Enter' && window.__enterAt == null) { window.__enterAt = Date.now(); } }, true); }");
  }

  private static long enterPressedAt(WebDriver browser) {
    return ((Number) ((JavascriptExecutor) browser).executeScript("return window.__enterAt")).longValue();
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

  /** The visitor's browser on the shop's page, the widget's panel opened; the widget's shadow root. */
  private SearchContext openWidgetOn(String pageOrigin) throws java.io.IOException {
    visitor = Browsers.open(1000, 760);
    visitor.get(pageOrigin + "/");
    SearchContext widget = await().atMost(WAIT).ignoreExceptions()
        .until(() -> visitor.findElement(By.id("openlines-widget")).getShadowRoot(), root -> root != null);
    widget.findElement(By.cssSelector(".bubble")).click();
    return widget;
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
