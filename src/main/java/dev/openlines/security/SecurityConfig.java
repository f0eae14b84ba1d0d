package dev.openlines.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Nothing is open by default: only health, metrics and the API description are public. Every other
 * request needs a bearer API key; which role an endpoint needs is declared on the controller with
 * {@code @RolesAllowed(Role.Names.X)}, checked in the filter chain before the request is read
 * ({@link HandlerRolesAuthorization}) and by method security; {@code /api/admin/**} is ADMIN-only by URL too.
 * Actuator endpoints other than health and prometheus are for ADMIN and SUPERVISOR keys.
 */
@Configuration
@EnableMethodSecurity(jsr250Enabled = true)
public class SecurityConfig {

  /** Paths whose controllers check their callers themselves. */
  public static final String[] OWN_AUTHENTICATION = {"/livechat/**", "/webhooks/**", "/api/operator/events", "/forms/**"};

  /** The console, supervisor view, widget and demo page: static files; their API calls carry the key. */
  static final String[] STATIC_PAGES = {"/console/**", "/widget/**", "/demo/**", "/favicon.ico"};

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      ApiKeyAuthenticationProvider apiKeys,
      ObjectMapper json,
      @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlerMappings)
      throws Exception {
    var problems = new ProblemDetailsSecurityHandler(json);
    var bearer = new AuthenticationFilter(new ProviderManager(apiKeys), new BearerTokenConverter());
    bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
    // The default success handler redirects like a login form; an API request just continues.
    bearer.setSuccessHandler((request, response, authentication) -> {});
    // Live chat and webhooks authenticate by their own schemes (visitor tokens, signatures), which may
    // also use the Authorization header: API keys are not checked there.
    bearer.setRequestMatcher(
        new NegatedRequestMatcher(
            new OrRequestMatcher(
                Arrays.stream(OWN_AUTHENTICATION)
                    .<RequestMatcher>map(p -> PathPatternRequestMatcher.withDefaults().matcher(p))
                    .toList())));

    return http.csrf(csrf -> csrf.disable())
        .cors(cors -> {})
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterAt(bearer, BasicAuthenticationFilter.class)
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(
                        "/actuator/health/**",
                        "/actuator/prometheus",
                        "/v3/api-docs/**",
                        "/v3/api-docs.yaml",
                        "/swagger-ui/**",
                        "/swagger-ui.html",
                        "/problems/**")
                    .permitAll()
                    // One channel's settings: supervisors may read some, channel managers configure their own channels;
                    // the handlers' roles (and the CHANNEL_MANAGER key's channels) decide, not the admin prefix.
                    .requestMatchers("/api/admin/channels/*", "/api/admin/channels/*/**")
                    .access(new HandlerRolesAuthorization(handlerMappings))
                    .requestMatchers("/api/admin/**")
                    .hasRole(Role.ADMIN.name())
                    .requestMatchers("/actuator/**")
                    .hasAnyRole(Role.ADMIN.name(), Role.SUPERVISOR.name())
                    // Messengers authenticate by their own signature or secret, live-chat clients by their session token.
                    // Published CRM web forms: anyone may read and submit them (rate limited per address).
                    .requestMatchers("/webhooks/**", "/livechat/**", "/api/operators/me/events", "/api/operator/events", "/forms/**")
                    .permitAll()
                    .requestMatchers(STATIC_PAGES)
                    .permitAll()
                    .anyRequest()
                    .access(new HandlerRolesAuthorization(handlerMappings)))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .build();
  }
}
