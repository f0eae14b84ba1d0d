package dev.openlines.workflow.embedded.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.openlines.workflow.embedded.store.DocumentStore.Durability;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store through the real MongoDB driver: indexes serve queries, writes survive a reopen. */
class DocumentStoreTest {

  @TempDir Path dir;
  DocumentStore store;
  MongoClient client;

  MongoCollection<Document> open(String file) {
    return open(file, Durability.WRITE, DocumentStore.DEFAULT_COMPACTION_FILL_RATE);
  }

  MongoCollection<Document> openCompactingAt(String file, int fillRate) {
    return open(file, Durability.FSYNC, fillRate);
  }

  private MongoCollection<Document> open(String file, Durability durability, int fillRate) {
    store = DocumentStore.start(file, new InetSocketAddress("127.0.0.1", 0), durability, fillRate);
    client = MongoClients.create(store.connectionUri("test"));
    return client.getDatabase("test").getCollection("conversations");
  }

  void reopen() {
    client.close();
    store.close();
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** 5,000 conversations: 50 channels x 2 statuses, queued at distinct times. */
  static void fill(MongoCollection<Document> conversations) {
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      batch.add(new Document("_id", "c" + i)
          .append("channelId", "ch" + (i % 50))
          .append("status", i % 7 == 0 ? "WAITING" : "CLOSED")
          .append("queuedSince", Instant.ofEpochSecond(1_000_000 + i))
          .append("tags", List.of("t" + (i % 3), "all")));
    }
    conversations.insertMany(batch);
    conversations.createIndex(Indexes.ascending("channelId", "status", "queuedSince"));
    conversations.createIndex(Indexes.ascending("tags"));
  }

  long examinedBy(Runnable query) {
    long before = store.stats().examined();
    query.run();
    return store.stats().examined() - before;
  }

  /** Like the outbound retry queue: an indexed time that upserts set and updates move, read as "due by now". */
  @Test
  void anIndexedFieldMovedByUpsertsAndUpdatesIsFoundWhereItNowIs() {
    MongoCollection<Document> queue = open(null);
    queue.createIndex(Indexes.ascending("nextAttemptAt"));
    Instant t0 = Instant.ofEpochSecond(1_000);
    queue.updateOne(eq("_id", "c1"),
        Updates.combine(Updates.addToSet("messageIds", "m1"), Updates.setOnInsert("nextAttemptAt", java.util.Date.from(t0))),
        new com.mongodb.client.model.UpdateOptions().upsert(true));
    assertThat(queue.find(com.mongodb.client.model.Filters.lte("nextAttemptAt", java.util.Date.from(t0.plusSeconds(1))))
        .sort(Sorts.ascending("nextAttemptAt")).limit(10).into(new ArrayList<>())).hasSize(1);

    queue.updateOne(and(eq("_id", "c1"), eq("nextAttemptAt", java.util.Date.from(t0))),
        Updates.set("nextAttemptAt", java.util.Date.from(t0.plusSeconds(30))));
    assertThat(queue.find(com.mongodb.client.model.Filters.lte("nextAttemptAt", java.util.Date.from(t0.plusSeconds(1))))
        .into(new ArrayList<>())).isEmpty();
    assertThat(queue.find(com.mongodb.client.model.Filters.lte("nextAttemptAt", java.util.Date.from(t0.plusSeconds(86_400))))
        .sort(Sorts.ascending("nextAttemptAt")).limit(10).into(new ArrayList<>())).hasSize(1);
  }

  /** Like a supervisor's notification inbox: (recipientId ascending, createdAt descending). */
  @Test
  void anIndexWithADescendingFieldServesEqualitySortAndRangesAndAnEmptyRangeMatchesNothing() {
    MongoCollection<Document> notifications = open(null);
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(new Document("_id", "n" + i).append("recipientId", "r" + (i % 3)).append("createdAt", Instant.ofEpochSecond(1_000 + i)));
    }
    notifications.insertMany(batch);
    notifications.createIndex(Indexes.compoundIndex(Indexes.ascending("recipientId"), Indexes.descending("createdAt")));

    List<Document> found = new ArrayList<>();
    long examined = examinedBy(() -> notifications.find(eq("recipientId", "r1")).sort(Sorts.descending("createdAt")).limit(3).into(found));
    assertThat(found).extracting(d -> d.get("_id")).containsExactly("n298", "n295", "n292");
    assertThat(examined).isEqualTo(3);

    found.clear();
    examined = examinedBy(() -> notifications.find(and(eq("recipientId", "r0"),
        gte("createdAt", Instant.ofEpochSecond(1_000 + 30)), lt("createdAt", Instant.ofEpochSecond(1_000 + 60)))).into(found));
    assertThat(found).hasSize(10).allMatch(d -> d.get("recipientId").equals("r0"));
    // Index ranges are read inclusive: the document at the exclusive end is examined and filtered out.
    assertThat(examined).isLessThanOrEqualTo(11);

    found.clear();
    notifications.find(and(eq("recipientId", "r0"),
        gte("createdAt", Instant.ofEpochSecond(1_000 + 60)), lt("createdAt", Instant.ofEpochSecond(1_000 + 30)))).into(found);
    assertThat(found).isEmpty();
  }

  @Test
  void equalityInRangeAndSortWithLimitReadOnlyWhatTheyReturn() {
    MongoCollection<Document> conversations = open(null);
    fill(conversations);

    List<Document> found = new ArrayList<>();
    long examined = examinedBy(() -> conversations.find(and(eq("channelId", "ch7"), eq("status", "WAITING"))).into(found));
    assertThat(found).hasSize(15).allMatch(d -> d.get("channelId").equals("ch7") && d.get("status").equals("WAITING"));
    assertThat(examined).isEqualTo(15);

    found.clear();
    examined = examinedBy(() -> conversations.find(and(in("channelId", "ch1", "ch2"), eq("status", "WAITING"))).into(found));
    assertThat(found).hasSize(28);
    assertThat(examined).isEqualTo(28);

    // Oldest waiting conversation of a channel: sort + limit stop at the first index entry.
    found.clear();
    examined = examinedBy(() -> conversations.find(and(eq("channelId", "ch7"), eq("status", "WAITING")))
        .sort(Sorts.ascending("queuedSince")).limit(1).into(found));
    assertThat(found).extracting(d -> d.get("_id")).containsExactly("c7");
    assertThat(examined).isEqualTo(1);

    found.clear();
    examined = examinedBy(() -> conversations.find(and(eq("channelId", "ch7"), eq("status", "WAITING")))
        .sort(Sorts.descending("queuedSince")).limit(2).into(found));
    assertThat(found).extracting(d -> d.get("_id")).containsExactly("c4907", "c4557");
    assertThat(examined).isEqualTo(2);

    found.clear();
    examined = examinedBy(() -> conversations.find(and(eq("channelId", "ch7"), eq("status", "CLOSED"),
        gte("queuedSince", Instant.ofEpochSecond(1_000_000 + 4_000)), lt("queuedSince", Instant.ofEpochSecond(1_000_000 + 4_500)))).into(found));
    assertThat(found).hasSize(9);
    assertThat(examined).isEqualTo(9);

    // Multikey: every element of an array is a key.
    assertThat(conversations.countDocuments(eq("tags", "t1"))).isEqualTo(1_667);
    assertThat(examinedBy(() -> conversations.countDocuments(eq("tags", "t1")))).isEqualTo(1_667);

    // $or: each branch through its own index, the union checked against the whole query.
    found.clear();
    examined = examinedBy(() -> conversations.find(com.mongodb.client.model.Filters.or(
        and(eq("channelId", "ch7"), eq("status", "WAITING")), eq("_id", "c1"))).into(found));
    assertThat(found).hasSize(16);
    assertThat(examined).isEqualTo(16);

    // A condition the index cannot bound is still answered, by a scan that the stats show.
    long scans = store.stats().scans();
    assertThat(conversations.countDocuments(eq("nowhere", "x"))).isZero();
    assertThat(store.stats().scans()).isEqualTo(scans + 1);
  }

  @Test
  void aSortedPageOfManyMatchesIsSortedSkippedAndCutAsOnMongoDbAndUpdatesDoNotShowInEarlierReads() {
    MongoCollection<Document> operators = open(null);
    List<String> ids = new ArrayList<>();
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add("op" + i);
      batch.add(new Document("_id", "op" + i).append("lastAssignedAt", Instant.ofEpochSecond(2_000_000 - (i * 7919L) % 200))
          .append("online", i % 4 != 0));
    }
    operators.insertMany(batch);
    List<String> expected = batch.stream()
        .filter(d -> d.getBoolean("online"))
        .sorted(java.util.Comparator.comparing((Document d) -> d.get("lastAssignedAt", Instant.class)).thenComparing(d -> d.getString("_id")))
        .map(d -> d.getString("_id"))
        .toList();

    List<String> everyOneSorted = batch.stream()
        .sorted(java.util.Comparator.comparing((Document d) -> d.get("lastAssignedAt", Instant.class)).thenComparing(d -> d.getString("_id")))
        .map(d -> d.getString("_id"))
        .toList();

    // _id $in: the unique index narrows to 200 candidates, of which the page is the sort's 3rd to 7th. They are
    // sorted first and matched in that order, so the query stops at the 7th match instead of matching all 200.
    List<String> page = new ArrayList<>();
    long examined = examinedBy(() -> operators.find(and(in("_id", ids), eq("online", true)))
        .sort(Sorts.ascending("lastAssignedAt", "_id")).skip(2).limit(5)
        .map(d -> d.getString("_id")).into(page));
    assertThat(page).isEqualTo(expected.subList(2, 7));
    assertThat(examined).isEqualTo(everyOneSorted.indexOf(expected.get(6)) + 1L);
    // The routing query's shape: queue members by id or by department, each branch through its index.
    operators.createIndex(Indexes.ascending("departmentIds"));
    page.clear();
    examined = examinedBy(() -> operators.find(and(
            com.mongodb.client.model.Filters.or(in("_id", ids), in("departmentIds", List.of("support"))), eq("online", true)))
        .sort(Sorts.ascending("lastAssignedAt", "_id")).limit(5)
        .map(d -> d.getString("_id")).into(page));
    assertThat(page).isEqualTo(expected.subList(0, 5));
    assertThat(examined).isEqualTo(everyOneSorted.indexOf(expected.get(4)) + 1L);
    List<String> oneBatch = operators.find(and(in("_id", ids), eq("online", true)))
        .sort(Sorts.ascending("lastAssignedAt", "_id")).limit(-3)
        .map(d -> d.getString("_id")).into(new ArrayList<>());
    assertThat(oneBatch).isEqualTo(expected.subList(0, 3));

    Document before = operators.find(eq("_id", expected.get(0))).first();
    operators.updateOne(eq("_id", expected.get(0)), Updates.set("online", false));
    assertThat(before.getBoolean("online")).isTrue();
    assertThat(operators.find(and(in("_id", ids), eq("online", true))).sort(Sorts.ascending("lastAssignedAt", "_id")).limit(1)
        .first().getString("_id")).isEqualTo(expected.get(1));
  }

  @Test
  void aSortNoIndexServesOrdersDescendingNestedAndMissingValuesAsMongoDbDoes() {
    MongoCollection<Document> offers = open(null);
    offers.insertMany(List.of(
        new Document("_id", "o1").append("round", new Document("number", 2)),
        new Document("_id", "o2"),
        new Document("_id", "o3").append("round", new Document("number", 5)),
        new Document("_id", "o4").append("round", new Document("number", 2)),
        new Document("_id", "o5").append("round", new Document("number", null)),
        new Document("_id", "o6").append("round", new Document("number", 9))));

    // Descending: the highest first, ties by the next field, null and missing (the lowest values) last.
    assertThat(offers.find().sort(Sorts.orderBy(Sorts.descending("round.number"), Sorts.ascending("_id")))
        .map(d -> d.getString("_id")).into(new ArrayList<>()))
        .containsExactly("o6", "o3", "o1", "o4", "o2", "o5");
    assertThat(offers.find().sort(Sorts.orderBy(Sorts.ascending("round.number"), Sorts.descending("_id"))).limit(4)
        .map(d -> d.getString("_id")).into(new ArrayList<>()))
        .containsExactly("o5", "o2", "o4", "o1");
  }

  @Test
  void indexesFollowUpdatesAndDeletes() {
    MongoCollection<Document> conversations = open(null);
    fill(conversations);

    conversations.updateOne(eq("_id", "c7"), Updates.set("status", "OFFERED"));
    assertThat(conversations.find(and(eq("channelId", "ch7"), eq("status", "WAITING")))
        .sort(Sorts.ascending("queuedSince")).limit(1).first()).extracting(d -> d.get("_id")).isEqualTo("c357");
    assertThat(conversations.countDocuments(and(eq("channelId", "ch7"), eq("status", "OFFERED")))).isEqualTo(1);

    conversations.updateOne(eq("_id", "c3"), Updates.set("tags", List.of()));
    assertThat(conversations.countDocuments(eq("tags", "all"))).isEqualTo(4_999);

    conversations.deleteMany(eq("channelId", "ch7"));
    assertThat(conversations.countDocuments(eq("channelId", "ch7"))).isZero();
    assertThat(conversations.countDocuments(eq("tags", "all"))).isEqualTo(4_899);
  }

  @Test
  void indexesAreRebuiltAndDocumentsKeptWhenTheStoreIsReopened() {
    String file = dir.resolve("store.mv.db").toString();
    MongoCollection<Document> conversations = open(file);
    fill(conversations);
    conversations.updateOne(eq("_id", "c7"), Updates.set("status", "OFFERED"));
    reopen();

    MongoCollection<Document> reopened = open(file);
    assertThat(reopened.countDocuments()).isEqualTo(5_000);
    List<Document> found = new ArrayList<>();
    long examined = examinedBy(() -> reopened.find(and(eq("channelId", "ch7"), eq("status", "WAITING")))
        .sort(Sorts.ascending("queuedSince")).limit(1).into(found));
    assertThat(found).extracting(d -> d.get("_id")).containsExactly("c357");
    assertThat(examined).isEqualTo(1);
  }

  @Test
  void uniqueIndexesAreRebuiltFromTheDocumentsWhenTheStoreIsReopened() {
    String file = dir.resolve("store.mv.db").toString();
    MongoCollection<Document> messages = open(file);
    messages.createIndex(Indexes.ascending("connectorId", "externalId"), new IndexOptions().unique(true));
    messages.insertOne(new Document("_id", "m1").append("connectorId", "tg").append("externalId", 7));
    messages.insertOne(new Document("_id", "m2").append("connectorId", "tg").append("externalId", 8));
    messages.deleteOne(eq("_id", "m2"));
    reopen();

    MongoCollection<Document> reopened = open(file);
    assertThatThrownBy(() -> reopened.insertOne(new Document("_id", "m3").append("connectorId", "tg").append("externalId", 7)))
        .isInstanceOf(MongoWriteException.class)
        .hasMessageContaining("E11000");
    assertThatThrownBy(() -> reopened.insertOne(new Document("_id", "m1")))
        .isInstanceOf(MongoWriteException.class)
        .hasMessageContaining("E11000");
    reopened.insertOne(new Document("_id", "m2").append("connectorId", "tg").append("externalId", 8));
    long examined = examinedBy(() -> assertThat(reopened.find(and(eq("connectorId", "tg"), eq("externalId", 7))).first())
        .extracting(d -> d.get("_id")).isEqualTo("m1"));
    assertThat(examined).isEqualTo(1);
  }

  /**
   * The _id index is the documents map itself for texts and ObjectIds, a map in memory for ids of other types:
   * whatever the type, an id is found, refused twice (1 and 1.0 are one id, as in MongoDB) and free again once its
   * document is deleted, before and after a reopen.
   */
  @Test
  void idsOfEveryTypeAreFoundAndUniqueBeforeAndAfterAReopen() {
    String file = dir.resolve("store.mv.db").toString();
    ObjectId objectId = new ObjectId();
    List<Object> ids = List.of("text-id", objectId, 1, 2.5, 7L);
    MongoCollection<Document> documents = open(file);
    ids.forEach(id -> documents.insertOne(new Document("_id", id).append("v", String.valueOf(id))));
    documents.insertOne(new Document("_id", "deleted"));
    documents.deleteOne(eq("_id", "deleted"));
    assertIdsServed(documents, ids, objectId);
    reopen();

    MongoCollection<Document> reopened = open(file);
    assertIdsServed(reopened, ids, objectId);
    reopened.insertOne(new Document("_id", "deleted"));
    assertThat(reopened.countDocuments()).isEqualTo(ids.size() + 1);
    assertThat(reopened.find(Filters.regex("_id", "^text")).into(new ArrayList<>())).extracting(d -> d.get("_id"))
        .containsExactly("text-id");
    reopened.deleteOne(eq("_id", 1));
    reopened.insertOne(new Document("_id", 1.0));
    assertThat(reopened.find(eq("_id", 1)).first()).isNotNull();
  }

  private void assertIdsServed(MongoCollection<Document> documents, List<Object> ids, ObjectId objectId) {
    for (Object id : ids) {
      long examined = examinedBy(() -> assertThat(documents.find(eq("_id", id)).first()).isNotNull()
          .extracting(d -> d.get("v")).isEqualTo(String.valueOf(id)));
      assertThat(examined).as("documents read to find %s", id).isEqualTo(1);
      assertThatThrownBy(() -> documents.insertOne(new Document("_id", id)))
          .as("a second document with the id %s", id)
          .isInstanceOf(MongoWriteException.class)
          .hasMessageContaining("E11000");
    }
    assertThatThrownBy(() -> documents.insertOne(new Document("_id", 1.0))).hasMessageContaining("E11000");
    assertThat(documents.find(eq("_id", "deleted")).first()).isNull();
    assertThat(documents.find(in("_id", "text-id", objectId, "missing")).into(new ArrayList<>())).hasSize(2);
  }

  @Test
  void sparseUniqueIndexesRejectDuplicatesAndIgnoreMissingFields() {
    MongoCollection<Document> leads = open(null);
    // (the collection is named conversations by open())
    leads.createIndex(Indexes.ascending("conversationId"), new IndexOptions().unique(true).sparse(true));
    leads.insertOne(new Document("_id", 1).append("conversationId", "a"));
    leads.insertOne(new Document("_id", 2));
    leads.insertOne(new Document("_id", 3));
    assertThatThrownBy(() -> leads.insertOne(new Document("_id", 4).append("conversationId", "a")))
        .isInstanceOf(MongoWriteException.class)
        .hasMessageContaining("E11000");
    // _id plus a condition (a conditional update) is read through the _id index, not a scan.
    assertThat(leads.updateOne(and(eq("_id", 1), eq("conversationId", "a")), Updates.set("x", 1)).getModifiedCount()).isOne();
    assertThat(store.stats().shapes()).filteredOn(s -> s.shape().startsWith("conversations "))
        .allSatisfy(s -> assertThat(s.shape()).as(store.stats().shapes().toString()).doesNotContain(" scan "));
  }

  @Test
  void aClientWithoutThisStartsCredentialsIsRefused() {
    open(null);
    int port = store.address().getPort();
    try (MongoClient stranger = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=5000")) {
      assertThatThrownBy(() -> stranger.getDatabase("test").getCollection("conversations").countDocuments())
          .hasMessageContaining("Authentication required");
    }
    try (MongoClient guesser = MongoClients.create("mongodb://openlines:guess@127.0.0.1:" + port
        + "/test?authMechanism=PLAIN&authSource=%24external&serverSelectionTimeoutMS=5000")) {
      assertThatThrownBy(() -> guesser.getDatabase("test").getCollection("conversations").countDocuments())
          .isInstanceOf(MongoSecurityException.class);
    }
  }

  /**
   * Commits that rewrite one corner of a collection after another leave older chunks partly live; the
   * background writer rewrites the emptiest of them while less of the file is live than the fill rate
   * ({@code openlines.embedded.store.compaction-fill-rate}), so the file tracks what is kept.
   */
  @Test
  void theBackgroundWriterCompactsTheFileToTheConfiguredFillRate(@TempDir Path dir) {
    MongoCollection<Document> documents = openCompactingAt(dir.resolve("store.mv.db").toString(), DocumentStore.DEFAULT_COMPACTION_FILL_RATE);
    String text = "x".repeat(400);
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      batch.add(new Document("_id", String.format("d%05d", i)).append("text", text).append("version", 0));
    }
    documents.insertMany(batch);
    Random random = new Random(7);
    for (int round = 1; round <= 600; round++) {
      int first = random.nextInt(4_000 - 20);
      documents.updateMany(and(gte("_id", String.format("d%05d", first)), lt("_id", String.format("d%05d", first + 20))),
          Updates.set("version", round));
    }
    int liveAfterWrites = store.liveChunksPercent();

    // At a fill rate of 10 the file stays as the writes left it: 10 % live (at 50 and 90: 28-29 % within seconds).
    await().atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(store.liveChunksPercent())
            .as("live share of the file, %d %% after the writes", liveAfterWrites).isGreaterThanOrEqualTo(25));
    assertThat(documents.countDocuments()).isEqualTo(4_000);
  }

  @Test
  void aWriteIsAnsweredOnlyAfterItsCommit() {
    open(dir.resolve("store.mv.db").toString());
    MongoCollection<Document> messages = client.getDatabase("test").getCollection("messages");
    long commits = store.stats().commits();
    for (int i = 0; i < 20; i++) {
      messages.insertOne(new Document("_id", i));
    }
    assertThat(store.stats().commits()).isGreaterThanOrEqualTo(commits + 20);
  }
}
