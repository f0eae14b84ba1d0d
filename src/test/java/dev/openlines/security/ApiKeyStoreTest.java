package dev.openlines.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.openlines.testing.MutableClock;
import dev.openlines.api.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * Behaviour that needs an empty store (first start, last admin key) runs against a store of its own, the
 * same mongo-java-server H2 backend the embedded runtime uses, so it cannot disturb the shared test context.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyStoreTest {

  private MongoServer server;
  private MongoClient mongoClient;
  private MongoTemplate mongo;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
  private ApiKeyService apiKeys;

  @BeforeEach
  void freshStore() {
    server = new MongoServer(H2Backend.inMemory());
    mongoClient = MongoClients.create(server.bindAndGetConnectionString());
    mongo = new MongoTemplate(mongoClient, "keys-test");
    apiKeys = new ApiKeyService(mongo, clock);
    apiKeys.createIndexes();
  }

  @AfterEach
  void closeStore() {
    mongoClient.close();
    server.shutdownNow();
  }

  @Test
  void firstStartGeneratesAnAdminKeyAndPrintsItOnce(CapturedOutput output) {
    InitialAdminKey initial = initialAdminKey(null);

    assertThat(initial.ensureAdminKey()).isTrue();
    String printed = output.getOut().lines().filter(l -> l.strip().startsWith("olk_")).findFirst().orElseThrow().strip();
    assertThat(output.getOut())
        .contains("curl -H \"Authorization: Bearer " + printed + "\" http://localhost:8080/api/admin/api-keys");
    assertThat(apiKeys.authenticate(printed).orElseThrow().roles()).containsExactly(Role.ADMIN);

    int printedLength = output.getOut().length();
    assertThat(initialAdminKey(null).ensureAdminKey()).isFalse();
    assertThat(output.getOut().substring(printedLength)).doesNotContain(printed).doesNotContain("olk_");
    assertThat(apiKeys.list()).hasSize(1);
  }

  @Test
  void aConfiguredInitialKeyIsUsedAndNeverLogged(CapturedOutput output) {
    String configured = "deployment-secret-" + "x".repeat(40);

    assertThat(initialAdminKey(configured).ensureAdminKey()).isTrue();

    assertThat(apiKeys.authenticate(configured).orElseThrow().roles()).containsExactly(Role.ADMIN);
    assertThat(output.getAll()).doesNotContain(configured).contains(ApiKeyToken.keyIdOf(configured));
    assertThat(initialAdminKey(configured).ensureAdminKey()).isFalse();
    assertThat(apiKeys.list()).hasSize(1);
  }

  @Test
  void aShortConfiguredInitialKeyIsRefused() {
    assertThatThrownBy(() -> new ApiSecurityProperties("too-short"))
        .hasMessageContaining("at least 32 characters");
  }

  @Test
  void theLastActiveAdminKeyCannotBeRevoked() {
    CreatedApiKey first = apiKeys.create(admin("first"), "test");

    assertThatThrownBy(() -> apiKeys.revoke(first.apiKey().id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("last active ADMIN key");
    assertThat(apiKeys.authenticate(first.key())).isPresent();

    CreatedApiKey second = apiKeys.create(admin("second"), "test");
    assertThat(apiKeys.revoke(first.apiKey().id()).revokedAt()).isEqualTo(clock.instant());
    assertThat(apiKeys.authenticate(first.key())).isEmpty();
    assertThatThrownBy(() -> apiKeys.revoke(second.apiKey().id())).isInstanceOf(ConflictException.class);
  }

  @Test
  void keyIdsAreUnique() {
    String token = ApiKeyToken.generate();
    apiKeys.createWithToken(token, admin("a"), "test");

    assertThatThrownBy(() -> apiKeys.createWithToken(token, admin("b"), "test"))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void aKeyWithTheRightIdButAWrongSecretIsRejected() {
    String token = apiKeys.create(admin("a"), "test").key();
    String forged = token.substring(0, 17) + "A".repeat(43);

    assertThat(ApiKeyToken.keyIdOf(forged)).isEqualTo(ApiKeyToken.keyIdOf(token));
    assertThat(apiKeys.authenticate(forged)).isEmpty();
  }

  @Test
  void lastUseIsRecordedToTheMinute() {
    String token = apiKeys.create(admin("a"), "test").key();
    Instant firstUse = clock.instant();
    apiKeys.authenticate(token);
    assertThat(apiKeys.list().getFirst().lastUsedAt()).isEqualTo(firstUse);

    clock.advance(Duration.ofSeconds(30));
    apiKeys.authenticate(token);
    assertThat(apiKeys.list().getFirst().lastUsedAt()).isEqualTo(firstUse);

    clock.advance(Duration.ofSeconds(31));
    apiKeys.authenticate(token);
    assertThat(apiKeys.list().getFirst().lastUsedAt()).isEqualTo(clock.instant());
  }

  private InitialAdminKey initialAdminKey(String configuredKey) {
    return new InitialAdminKey(apiKeys, new ApiSecurityProperties(configuredKey), new MockEnvironment());
  }

  private static ApiKeyRequest admin(String userId) {
    return new ApiKeyRequest(userId, userId, Set.of(Role.ADMIN), null, null);
  }
}
