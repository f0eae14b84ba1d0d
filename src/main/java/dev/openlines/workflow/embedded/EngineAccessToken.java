package dev.openlines.workflow.embedded;

import io.camunda.client.CredentialsProvider;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random secret made when the application starts, the only key to the embedded engine's gRPC port.
 * Binding to loopback keeps the network out, but any local user could still open a loopback port and
 * deploy, cancel or complete anything; with this token checked on every call ({@link #serverInterceptor()}),
 * only this process, which registers the matching {@link #camundaCredentials()} for its Camunda client,
 * gets in. The token never leaves memory (not logged, not in the environment or a file).
 */
final class EngineAccessToken {

  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String header;

  EngineAccessToken() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.header = "Bearer " + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** Refuses every call whose {@code authorization} header is not this token (UNAUTHENTICATED). */
  ServerInterceptor serverInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!matches(headers.get(AUTHORIZATION))) {
          call.close(
              Status.UNAUTHENTICATED.withDescription("This engine serves only the OpenLines process that started it"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  /** For the application's Camunda client (a bean that only the embedded runtime registers). */
  CredentialsProvider camundaCredentials() {
    return new CredentialsProvider() {
      @Override
      public void applyCredentials(CredentialsApplier applier) {
        applier.put(AUTHORIZATION.name(), header);
      }

      @Override
      public boolean shouldRetryRequest(StatusCode statusCode) {
        return false;
      }
    };
  }

  /** For the engine's own test clients ({@code ZeebeTestEngine#createClient}). */
  io.camunda.zeebe.client.CredentialsProvider zeebeCredentials() {
    return new io.camunda.zeebe.client.CredentialsProvider() {
      @Override
      public void applyCredentials(CredentialsApplier applier) {
        applier.put(AUTHORIZATION.name(), header);
      }

      @Override
      public boolean shouldRetryRequest(StatusCode statusCode) {
        return false;
      }
    };
  }

  private boolean matches(String given) {
    return given != null
        && MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), header.getBytes(StandardCharsets.US_ASCII));
  }
}
