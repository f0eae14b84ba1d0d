package dev.openlines.push;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Short-lived one-time tickets that open an event stream. A browser's {@code EventSource} cannot send
 * headers, so the stream URL has to carry its credential; a ticket bought with the real credential (API
 * key or visitor token, sent in a header) keeps that credential out of every URL that proxies and access
 * logs record. A ticket opens one stream, once, within its lifetime. Kept in memory: a ticket lives
 * seconds and is redeemed on the instance that issued it (the browser asks right before connecting).
 */
@Component
public class StreamTickets {

  /** Who the ticket was issued to: a visitor session or an API key's subscriptions. */
  public record Holder(String kind, String subject, java.util.Set<String> recipients) {}

  private record Issued(Holder holder, Instant expiresAt) {}

  public record Ticket(String ticket, Instant expiresAt) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Clock clock;
  private final PushProperties properties;

  StreamTickets(PushProperties properties) {
    // Wall clock, not the engine's: tests travel the engine clock by hours, which must not expire tickets.
    this.clock = Clock.systemUTC();
    this.properties = properties;
  }

  public Ticket issue(Holder holder) {
    Instant now = clock.instant();
    issued.values().removeIf(old -> old.expiresAt().isBefore(now));
    if (issued.size() >= properties.maxOpenTickets()) {
      throw new TooManyStreamsException("Too many stream tickets are waiting to be used; open the stream with the ticket you have");
    }
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = now.plus(properties.ticketLifetime());
    issued.put(ticket, new Issued(holder, expiresAt));
    return new Ticket(ticket, expiresAt);
  }

  /** Uses the ticket up: a second redemption, or one after expiry, finds nothing. */
  public Optional<Holder> redeem(String ticket, String kind) {
    if (ticket == null) {
      return Optional.empty();
    }
    Issued found = issued.remove(ticket);
    if (found == null || found.expiresAt().isBefore(clock.instant()) || !found.holder().kind().equals(kind)) {
      return Optional.empty();
    }
    return Optional.of(found.holder());
  }

  Duration lifetime() {
    return properties.ticketLifetime();
  }
}
