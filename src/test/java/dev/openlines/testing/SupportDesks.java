package dev.openlines.testing;

import dev.openlines.conversation.ConversationRepository;
import dev.openlines.routing.RoutingService;
import dev.openlines.security.ApiKeyService;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Opens a {@link SupportDesk} for a test, with the context's beans: {@code @Autowired SupportDesks desks;}
 * then {@code desks.open()} once per test, so that each test has ids of its own.
 */
@Component
public class SupportDesks {

  private final TestRestTemplate http;
  private final ApiKeyService apiKeys;
  private final RoutingService routing;
  private final ConversationRepository conversations;

  // Lazy: the web test client exists only in contexts with a server port (RANDOM_PORT).
  public SupportDesks(@Lazy TestRestTemplate http, ApiKeyService apiKeys, RoutingService routing, ConversationRepository conversations) {
    this.http = http;
    this.apiKeys = apiKeys;
    this.routing = routing;
    this.conversations = conversations;
  }

  public SupportDesk open() {
    return new SupportDesk(http, apiKeys, routing, conversations);
  }
}
