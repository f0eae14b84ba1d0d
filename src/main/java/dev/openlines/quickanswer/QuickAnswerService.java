package dev.openlines.quickanswer;

import dev.openlines.channel.ChannelService;
import dev.openlines.api.ConflictException;
import dev.openlines.api.NotFoundException;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Quick-answer lists per open channel: administrators maintain them, operators search and extend them. */
@Service
public class QuickAnswerService {

  static final int MAX_RESULTS = 200;
  private static final int DERIVED_TITLE_LENGTH = 60;
  private static final String[] FIELDS = {
    "channelId", "title", "titleKey", "text", "source", "createdBy", "createdAt", "updatedBy", "updatedAt"
  };

  private final MongoTemplate mongo;
  private final ChannelService channels;
  private final Clock clock;

  public QuickAnswerService(MongoTemplate mongo, ChannelService channels, Clock clock) {
    this.mongo = mongo;
    this.channels = channels;
    this.clock = clock;
  }

  @PostConstruct
  void createIndexes() {
    mongo
        .indexOps(QuickAnswer.class)
        .ensureIndex(
            new Index()
                .on("channelId", Sort.Direction.ASC)
                .on("titleKey", Sort.Direction.ASC)
                .unique()
                .named("channel_title_unique"));
  }

  /**
   * @param words optional; every word must occur in the title or the text, in any case
   */
  public List<QuickAnswerView> search(String channelId, String words) {
    // A mistyped channel id is a 404, not an empty list that looks like a channel without quick answers.
    channels.get(channelId);
    List<Criteria> all = new ArrayList<>(List.of(Criteria.where("channelId").in(listsOf(channelId))));
    if (words != null) {
      Arrays.stream(words.strip().split("\\s+"))
          .filter(word -> !word.isEmpty())
          .map(word -> "(?i)" + Pattern.quote(word))
          .forEach(
              regex ->
                  all.add(new Criteria().orOperator(Criteria.where("title").regex(regex), Criteria.where("text").regex(regex))));
    }
    Query query = Query.query(new Criteria().andOperator(all)).with(Sort.by("titleKey")).limit(MAX_RESULTS);
    query.fields().include(FIELDS);
    return mongo.find(query, QuickAnswer.class).stream().map(QuickAnswerView::of).toList();
  }

  /** The channel's own list and the lists other channels share with it. */
  private List<String> listsOf(String channelId) {
    List<String> lists = new ArrayList<>(List.of(channelId));
    Query sharedHere = Query.query(Criteria.where("sharedWith").is(channelId));
    sharedHere.fields().include("_id");
    mongo.find(sharedHere, QuickAnswerSharing.class).forEach(shared -> lists.add(shared.channelId()));
    return lists;
  }

  /** Which channels use this channel's list besides itself. */
  public QuickAnswerSharing sharing(String channelId) {
    channels.get(channelId);
    QuickAnswerSharing stored = mongo.findById(channelId, QuickAnswerSharing.class);
    return stored == null ? new QuickAnswerSharing(channelId, Set.of()) : stored;
  }

  /**
   * Attaches the channel's list to exactly these other channels (an empty set detaches it everywhere).
   *
   * @throws dev.openlines.channel.ChannelNotFoundException naming a channel that does not exist; nothing changes then
   */
  public QuickAnswerSharing share(String channelId, Set<String> sharedWith) {
    channels.get(channelId);
    sharedWith.forEach(channels::get);
    QuickAnswerSharing sharing =
        new QuickAnswerSharing(channelId, sharedWith.stream().filter(other -> !other.equals(channelId)).collect(Collectors.toSet()));
    return mongo.save(sharing);
  }

  /** An answer of the channel's own list or of a list shared with it (sending it from there, e.g.). */
  public QuickAnswerView get(String channelId, String id) {
    Query query = Query.query(Criteria.where("_id").is(id).and("channelId").in(listsOf(channelId)));
    query.fields().include(FIELDS);
    QuickAnswer answer = mongo.findOne(query, QuickAnswer.class);
    if (answer == null) {
      throw notFound(channelId, id);
    }
    return QuickAnswerView.of(answer);
  }

  public QuickAnswerView create(String channelId, QuickAnswerRequest request, String userId) {
    channels.get(channelId);
    return insert(channelId, request.title().strip(), request.text(), QuickAnswer.Source.ADMIN, userId);
  }

  public QuickAnswerView saveMessage(String channelId, SavedMessageRequest request, String userId) {
    channels.get(channelId);
    String title =
        request.title() == null || request.title().isBlank() ? titleFrom(request.text()) : request.title().strip();
    return insert(channelId, title, request.text(), QuickAnswer.Source.OPERATOR_MESSAGE, userId);
  }

  public QuickAnswerView update(String channelId, String id, QuickAnswerRequest request, String userId) {
    String title = request.title().strip();
    Query query = byChannelAndId(channelId, id);
    query.fields().include(FIELDS);
    QuickAnswer updated;
    try {
      updated =
          mongo.findAndModify(
              query,
              new Update()
                  .set("title", title)
                  .set("titleKey", QuickAnswer.keyOf(title))
                  .set("text", request.text())
                  .set("updatedBy", userId)
                  .set("updatedAt", clock.instant()),
              FindAndModifyOptions.options().returnNew(true),
              QuickAnswer.class);
    } catch (DuplicateKeyException e) {
      throw duplicateTitle(channelId, title, e);
    }
    if (updated == null) {
      throw notFound(channelId, id);
    }
    return QuickAnswerView.of(updated);
  }

  public void delete(String channelId, String id) {
    if (mongo.remove(byChannelAndId(channelId, id), QuickAnswer.class).getDeletedCount() == 0) {
      throw notFound(channelId, id);
    }
  }

  private QuickAnswerView insert(
      String channelId, String title, String text, QuickAnswer.Source source, String userId) {
    Instant now = clock.instant();
    QuickAnswer answer =
        new QuickAnswer(
            UUID.randomUUID().toString(),
            channelId,
            title,
            QuickAnswer.keyOf(title),
            text,
            source,
            userId,
            now,
            userId,
            now);
    try {
      mongo.insert(answer);
    } catch (DuplicateKeyException e) {
      throw duplicateTitle(channelId, title, e);
    }
    return QuickAnswerView.of(answer);
  }

  /** The first words of the message, cut at a word boundary, so the list stays readable. */
  static String titleFrom(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    if (oneLine.length() <= DERIVED_TITLE_LENGTH) {
      return oneLine;
    }
    int cut = oneLine.lastIndexOf(' ', DERIVED_TITLE_LENGTH);
    return oneLine.substring(0, cut > 0 ? cut : DERIVED_TITLE_LENGTH) + "…";
  }

  private static Query byChannelAndId(String channelId, String id) {
    return Query.query(Criteria.where("_id").is(id).and("channelId").is(channelId));
  }

  private static NotFoundException notFound(String channelId, String id) {
    return new NotFoundException("Quick answer '" + id + "' does not exist in channel '" + channelId + "'.");
  }

  private static ConflictException duplicateTitle(String channelId, String title, Exception cause) {
    return new ConflictException(
        "Channel '" + channelId + "' already has a quick answer titled '" + title + "': choose another title.",
        cause);
  }
}
