package dev.openlines.connector;

import dev.openlines.api.Constraints;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

  public ConnectorSettingsService(ConnectorSettingsRepository repository, MongoTemplate mongo, Validator validator) {
    this.repository = repository;
    this.mongo = mongo;
    this.validator = validator;
    mongo
        .indexOps(ConnectorSettings.class)
        .createIndex(
            new Index()
                .on("channelId", Sort.Direction.ASC)
                .on("type", Sort.Direction.ASC)
                .unique()
                .named("one-connector-per-type-and-channel"));
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
      return repository.insert(withId);
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
      return repository.save(withId);
    } catch (DuplicateKeyException e) {
      throw conflict(withId);
    }
  }

  public Optional<ConnectorSettings> find(String id) {
    return repository.findById(id);
  }

  /** The connector with this id, only if it is of the given type. */
  public Optional<ConnectorSettings> find(String id, String type) {
    return repository.findById(id).filter(settings -> settings.type().equals(type));
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

  public void delete(String id) {
    repository.deleteById(id);
  }

  private ConnectorConflictException conflict(ConnectorSettings settings) {
    return new ConnectorConflictException(
        "Open channel " + settings.channelId() + " already has a " + settings.type()
            + " connector, or connector id " + settings.id() + " is taken: use another open channel for a second one");
  }
}
