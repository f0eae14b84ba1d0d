package dev.openlines.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.openlines.api.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a caller who is over a public limit with the same 429 before any other work: once
 * {@link PublicRateLimiter} has refused an address (or a live-chat session) on an endpoint, further
 * requests of that address (session) to that endpoint are refused here, ahead of authentication, body
 * parsing and the store, until the bucket has a token again. A flood then costs the service little more
 * than reading the requests, so the visitors beside it keep their response times.
 *
 * <p>Requests from browsers (with an {@code Origin} header) always take the full path, so their 429 carries
 * the CORS headers the widget needs to read it.
 */
@Component
public class RefusalGate extends OncePerRequestFilter implements Ordered {

  /** Right after the HTTP observation filter (refusals still show in the request metrics), before security. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

  private static final String SESSION_HEADER = "X-LiveChat-Token";

  enum Scope { ADDRESS, SESSION }

  private record Refusal(long untilNanos, String detail) {}

  private final Cache<String, Refusal> refusals;
  private final ObjectMapper json;
  private final Counter refusedEarly;

  RefusalGate(RateLimitProperties properties, ObjectMapper json, MeterRegistry meters) {
    this.refusals = Caffeine.newBuilder().maximumSize(properties.trackedClients()).expireAfterWrite(Duration.ofHours(1)).build();
    this.json = json;
    this.refusedEarly = Counter.builder("openlines.rate.limit.refused.early")
        .description("Requests of callers already over a public limit, refused before authentication and parsing")
        .register(meters);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /** The current request's caller (address or session) stays refused on this endpoint for {@code retryAfter}. */
  void refuseCurrentCaller(Scope scope, Duration retryAfter, String detail) {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
      String key = key(attributes.getRequest(), scope);
      if (key != null) {
        refusals.put(key, new Refusal(System.nanoTime() + retryAfter.toNanos(), detail));
      }
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.ORIGIN) != null
        || !(path.startsWith("/livechat/") || path.startsWith("/webhooks/") || path.startsWith("/forms/"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Refusal refusal = activeRefusal(request);
    if (refusal == null) {
      chain.doFilter(request, response);
      return;
    }
    refusedEarly.increment();
    long seconds = Math.max(1, Duration.ofNanos(refusal.untilNanos() - System.nanoTime()).toMillis() / 1000 + 1);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, refusal.detail());
    problem.setTitle(TooManyRequestsException.TITLE);
    problem.setProperty("retryAfterSeconds", seconds);
    ProblemTypes.assign(problem);
    response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  private Refusal activeRefusal(HttpServletRequest request) {
    for (Scope scope : Scope.values()) {
      String key = key(request, scope);
      Refusal refusal = key == null ? null : refusals.getIfPresent(key);
      if (refusal != null) {
        if (refusal.untilNanos() - System.nanoTime() > 0) {
          return refusal;
        }
        refusals.invalidate(key);
      }
    }
    return null;
  }

  private static String key(HttpServletRequest request, Scope scope) {
    return switch (scope) {
      case ADDRESS -> request.getRequestURI() + "|address|" + request.getRemoteAddr();
      case SESSION -> request.getHeader(SESSION_HEADER) == null ? null
          : request.getRequestURI() + "|session|" + request.getHeader(SESSION_HEADER);
    };
  }
}
