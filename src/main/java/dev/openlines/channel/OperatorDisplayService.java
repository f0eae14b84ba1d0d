package dev.openlines.channel;

import dev.openlines.api.FieldProblem;
import dev.openlines.api.InvalidRequestException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Saves (validated, nothing stored on bad input) and reads what channels show clients of their operators. */
@Service
public class OperatorDisplayService {

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final Validator validator;
  private final KnownOperators operators;
  private final SettingsCache<String, OperatorDisplay> cache;

  public OperatorDisplayService(
      MongoTemplate mongo, ChannelService channels, Validator validator, KnownOperators operators,
      @Value("${openlines.settings.cache-ttl:PT2S}") Duration cacheTtl) {
    this.mongo = mongo;
    this.channels = channels;
    this.validator = validator;
    this.operators = operators;
    this.cache = new SettingsCache<>(cacheTtl);
  }

  /**
   * @throws ChannelNotFoundException for an unknown channel
   * @throws ConstraintViolationException naming every setting to fix; nothing is stored then
   * @throws InvalidRequestException naming every entry whose operator does not exist; nothing is stored then
   */
  public OperatorDisplay save(OperatorDisplay display) {
    channels.get(display.channelId());
    var violations = validator.validate(display);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    requireKnownOperators(display.entries());
    OperatorDisplay saved = mongo.save(display);
    cache.invalidate(saved.channelId());
    return saved;
  }

  private void requireKnownOperators(List<OperatorDisplay.Entry> entries) {
    List<FieldProblem> unknown = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String operatorId = entries.get(i).operatorId();
      if (!operators.exists(operatorId)) {
        unknown.add(new FieldProblem("entries[" + i + "].operatorId", KnownOperators.noOperatorNamed(operatorId)));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidRequestException(unknown);
    }
  }

  /** For the admin API: @throws ChannelNotFoundException for an unknown channel */
  public OperatorDisplay ofExisting(String channelId) {
    channels.get(channelId);
    return of(channelId);
  }

  /** The setting in force: a channel never configured shows the operator's own profile. */
  public OperatorDisplay of(String channelId) {
    return cache.get(channelId, id -> Optional.ofNullable(mongo.findById(id, OperatorDisplay.class)))
        .orElseGet(() -> OperatorDisplay.ownProfile(channelId));
  }
}
