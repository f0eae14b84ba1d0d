package dev.openlines.connector;

import dev.openlines.api.Constraints;
import dev.openlines.channel.SettingsCache;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Service;

/** Saves connector settings after validation and keeps one connector of each type per open channel. */
@Service
public class ConnectorSettingsService {

  private final ConnectorSettingsRepository repository;
  private final Validator validator;
  private final MongoTemplate mongo;
  private final SettingsCache<String, ConnectorSettings> cache;
  private final ApplicationEventPublisher events;

  public ConnectorSettingsService(
      ConnectorSettingsRepository repository,
      MongoTemplate mongo,
      Validator validator,
      ApplicationEventPublisher events,
      @Value("${openlines.settings.cache-ttl:PT2S}") Duration cacheTtl) {
    this.repository = repository;
    this.mongo = mongo;
    this.validator = validator;
    this.events = events;
    this.cache = new SettingsCache<>(cacheTtl);
    mongo
        .indexOps(ConnectorSettings.class)
        .createIndex(
            new Index()
                .on("channelId", Sort.Direction.ASC)
                .on("type", Sort.Direction.ASC)
                .unique()
                .named("one-connector-per-type-and-channel"));
    // The mailbox poll asks for every e-mail connector each time it runs: without this it reads them all.
    mongo.indexOps(ConnectorSettings.class).createIndex(new Index().on("type", Sort.Direction.ASC).named("by-type"));
  }

  /**
   * Creates a connector; a missing id is generated.
   *
   * @throws ConstraintViolationException when the settings are invalid
   * @throws ConnectorConflictException when the id is taken or the channel already has this type
   */
  public ConnectorSettings create(ConnectorSettings settings) {
    ConnectorSettings withId = settings.id() == null ? settings.withId(UUID.randomUUID().toString()) : settings;
    Constraints.requireValid(validator, withId);
    try {
      ConnectorSettings created = repository.insert(withId);
      cache.invalidate(created.id());
      events.publishEvent(new ConnectorsChanged(created.id()));
      return created;
    } catch (DuplicateKeyException e) {
      throw conflict(withId);
    }
  }

  /** Replaces the settings of an existing connector. */
  public ConnectorSettings update(String id, ConnectorSettings settings) {
    ConnectorSettings withId = settings.withId(id);
    Constraints.requireValid(validator, withId);
    if (!repository.existsById(id)) {
      throw new UnknownConnectorException(id);
    }
    try {
      ConnectorSettings saved = repository.save(withId);
      cache.invalidate(id);
      events.publishEvent(new ConnectorsChanged(saved.id()));
      return saved;
    } catch (DuplicateKeyException e) {
      throw conflict(withId);
    }
  }

  /** Read from the store at most once per cache time to live ({@link SettingsCache}). */
  public Optional<ConnectorSettings> find(String id) {
    return cache.get(id, repository::findById);
  }

  /** The connector with this id, only if it is of the given type. */
  public Optional<ConnectorSettings> find(String id, String type) {
    return find(id).filter(settings -> settings.type().equals(type));
  }

  /**
   * The settings a messenger delivers with; a connector deleted (or changed to another type) since the
   * conversation started is a permanent delivery failure, never retried.
   */
  public ConnectorSettings forDelivery(String id, String type, String name) throws DeliveryException {
    return find(id, type)
        .orElseThrow(() -> DeliveryException.permanent("No " + name + " connector " + id + " is configured any more"));
  }

  public ConnectorSettings require(String id, String type) {
    return find(id, type).orElseThrow(() -> new UnknownConnectorException(id));
  }

  /** Whether any live-chat connector lets pages on this origin use its widget (connectors are few: a small scan). */
  public boolean anyLiveChatAllows(String origin) {
    return mongo.exists(
        org.springframework.data.mongodb.core.query.Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("type").is(ConnectorTypes.LIVECHAT)
                .and("liveChat.allowedOrigins").is(origin)),
        ConnectorSettings.class);
  }

  public List<ConnectorSettings> findByChannel(String channelId) {
    return repository.findByChannelId(channelId);
  }

  /** Every connector of one type, e.g. the mailboxes to watch. */
  public List<ConnectorSettings> findByType(String type) {
    return repository.findByType(type);
  }

  public void delete(String id) {
    repository.deleteById(id);
    cache.invalidate(id);
    events.publishEvent(new ConnectorsChanged(id));
  }

  private ConnectorConflictException conflict(ConnectorSettings settings) {
    return new ConnectorConflictException(
        "Open channel " + settings.channelId() + " already has a " + settings.type()
            + " connector, or connector id " + settings.id() + " is taken: use another open channel for a second one");
  }
}
