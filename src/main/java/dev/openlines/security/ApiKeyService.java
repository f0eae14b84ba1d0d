package dev.openlines.security;

import dev.openlines.api.ConflictException;
import dev.openlines.operator.Operator;
import dev.openlines.api.FieldProblem;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.channel.OpenChannel;
import dev.openlines.api.NotFoundException;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Creates, checks and revokes API keys. Secrets exist only in the answer to {@link #create}. */
@Service
public class ApiKeyService {

  /** Recording every use would cost a write per request; a minute is precise enough to spot stale keys. */
  static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private static final String[] VIEW_FIELDS = {
    "keyId", "userId", "displayName", "roles", "operatorId", "label", "createdBy", "createdAt", "lastUsedAt",
    "revokedAt", "channelIds"
  };

  private final MongoTemplate mongo;
  private final Clock clock;

  public ApiKeyService(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  @PostConstruct
  public void createIndexes() {
    mongo.indexOps(ApiKey.class).ensureIndex(new Index("keyId", Sort.Direction.ASC).unique());
  }

  /**
   * What an administrator asks for over the API: an OPERATOR key must name an operator who exists and
   * is not dismissed, otherwise every call with it would act for nobody; a BOT key names open channels that
   * exist, otherwise its chat bot could act on none of their conversations.
   */
  public CreatedApiKey issue(ApiKeyRequest request, String createdBy) {
    if (request.roles().contains(Role.OPERATOR) && request.operatorId() != null && !request.operatorId().isBlank()) {
      Query operator = Query.query(Criteria.where("_id").is(request.operatorId()));
      operator.fields().include("dismissed");
      Operator found = mongo.findOne(operator, Operator.class);
      if (found == null) {
        throw new InvalidRequestException(
            "operatorId", "names no operator: create operator '" + request.operatorId() + "' first (POST /api/admin/operators)");
      }
      if (found.isDismissed()) {
        throw new InvalidRequestException("operatorId", "names operator '" + request.operatorId() + "', who is dismissed");
      }
    }
    List<FieldProblem> unknownChannels =
        request.channelIdsOrNone().stream()
            .sorted()
            .filter(id -> !mongo.exists(Query.query(Criteria.where("_id").is(id)), OpenChannel.class))
            .map(id -> new FieldProblem(
                "channelIds", "names no open channel '" + id + "': create it first (POST /api/admin/channels)"))
            .toList();
    if (!unknownChannels.isEmpty()) {
      throw new InvalidRequestException(unknownChannels);
    }
    return create(request, createdBy);
  }

  /** No check of the operator reference: for keys made in code (start-up, tests); the API uses {@link #issue}. */
  public CreatedApiKey create(ApiKeyRequest request, String createdBy) {
    return createWithToken(ApiKeyToken.generate(), request, createdBy);
  }

  /** For a token chosen outside (the configured initial admin key); {@link #create} is for everything else. */
  CreatedApiKey createWithToken(String token, ApiKeyRequest request, String createdBy) {
    if (request.roles().contains(Role.OPERATOR) && (request.operatorId() == null || request.operatorId().isBlank())) {
      throw new InvalidRequestException(
          "operatorId", "is required when roles include OPERATOR: give the operator this key acts as");
    }
    if (request.roles().contains(Role.BOT) && request.channelIdsOrNone().isEmpty()) {
      throw new InvalidRequestException(
          "channelIds", "is required when roles include BOT: give the open channels whose conversations the bot serves");
    }
    if (request.roles().contains(Role.CHANNEL_MANAGER) && request.channelIdsOrNone().isEmpty()) {
      throw new InvalidRequestException(
          "channelIds", "is required when roles include CHANNEL_MANAGER: give the open channels the key may configure");
    }
    if (!request.roles().contains(Role.BOT) && !request.roles().contains(Role.CHANNEL_MANAGER) && !request.channelIdsOrNone().isEmpty()) {
      throw new InvalidRequestException(
          "channelIds", "is only for keys with the BOT role: leave it out, or add BOT to the roles");
    }
    ApiKey key =
        new ApiKey(
            UUID.randomUUID().toString(),
            ApiKeyToken.keyIdOf(token),
            ApiKeyToken.hash(token),
            request.userId(),
            request.displayName(),
            EnumSet.copyOf(request.roles()),
            request.operatorId(),
            request.label(),
            createdBy,
            clock.instant(),
            null,
            null,
            Set.copyOf(request.channelIdsOrNone()));
    mongo.insert(key);
    return new CreatedApiKey(token, ApiKeyView.of(key));
  }

  /** @return the caller behind an active key, or empty for an unknown, wrong or revoked one */
  public Optional<ApiKeyPrincipal> authenticate(String token) {
    Query byKeyId = Query.query(Criteria.where("keyId").is(ApiKeyToken.keyIdOf(token)));
    byKeyId
        .fields()
        .include(
            "keyId", "secretHash", "userId", "displayName", "roles", "operatorId", "lastUsedAt", "revokedAt", "channelIds");
    ApiKey key = mongo.findOne(byKeyId, ApiKey.class);
    if (key == null || !key.active() || !ApiKeyToken.matches(token, key.secretHash())) {
      return Optional.empty();
    }
    recordUse(key);
    return Optional.of(key.principal());
  }

  public List<ApiKeyView> list() {
    Query all = new Query().with(Sort.by("createdAt", "keyId"));
    all.fields().include(VIEW_FIELDS);
    return mongo.find(all, ApiKey.class).stream()
        .map(ApiKeyView::of)
        .toList();
  }

  /**
   * Revoking twice is harmless. The last active ADMIN key cannot be revoked, because nobody could then
   * create keys any more; two administrators revoking the last two admin keys at the same instant could
   * still both pass this check (the store has no multi-document transactions).
   *
   * @param idOrKeyId the key's {@code id} or its {@code keyId}
   */
  public ApiKeyView revoke(String idOrKeyId) {
    // The keyId is the readable part of the secret (olk_<keyId>_...), so admins reach for it as often as for the id.
    ApiKey key =
        mongo.findOne(
            Query.query(new Criteria().orOperator(Criteria.where("_id").is(idOrKeyId), Criteria.where("keyId").is(idOrKeyId))),
            ApiKey.class);
    if (key == null) {
      throw NotFoundException.of("API key", idOrKeyId);
    }
    String id = key.id();
    if (!key.active()) {
      return ApiKeyView.of(key);
    }
    if (key.roles().contains(Role.ADMIN) && countActiveAdminsOtherThan(id) == 0) {
      throw new ConflictException(
          "API key '" + key.keyId() + "' is the last active ADMIN key: create another ADMIN key before revoking it.");
    }
    Instant now = clock.instant();
    // Conditional, so that a concurrent second revocation keeps the first revocation time.
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(id).and("revokedAt").is(null)),
        new Update().set("revokedAt", now),
        ApiKey.class);
    Query reload = Query.query(Criteria.where("_id").is(id));
    reload.fields().include(VIEW_FIELDS);
    return ApiKeyView.of(mongo.findOne(reload, ApiKey.class));
  }

  public boolean hasActiveAdminKey() {
    return countActiveAdminsOtherThan(null) > 0;
  }

  private long countActiveAdminsOtherThan(String id) {
    Criteria criteria = Criteria.where("roles").is(Role.ADMIN.name()).and("revokedAt").is(null);
    if (id != null) {
      criteria = criteria.and("_id").ne(id);
    }
    return mongo.count(Query.query(criteria), ApiKey.class);
  }

  private void recordUse(ApiKey key) {
    Instant now = clock.instant();
    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
      mongo.updateFirst(
          Query.query(Criteria.where("keyId").is(key.keyId())), new Update().set("lastUsedAt", now), ApiKey.class);
    }
  }
}
