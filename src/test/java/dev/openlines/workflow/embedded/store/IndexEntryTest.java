package dev.openlines.workflow.embedded.store;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import dev.openlines.workflow.embedded.store.SecondaryIndex.Bound;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's in-memory index entries, held compactly (the values in the entry's own fields, a
 * one-field unique key as its value): ranges, sorts and compound keys of one to four fields read
 * exactly what a plain sort of the documents gives; unique keys of one and several fields (null
 * included) are found, replaced and listed as before. And what one entry costs in heap, measured.
 */
class IndexEntryTest {

  private static final Logger log = LoggerFactory.getLogger(IndexEntryTest.class);

  static {
    // JOL reads field offsets of the JDK's own classes (the skip list's nodes) this way on current JDKs.
    System.setProperty("jol.magicFieldOffset", "true");
  }
  private static final String[] STATUSES = {"NEW", "OFFERED", "IN_PROGRESS", "CLOSED"};

  record Doc(String id, int a, String b, int c, int d) {
    Document document() {
      Document document = new Document("_id", id);
      document.put("a", a);
      if (b != null) {
        document.put("b", b);
      }
      document.put("c", (long) c);
      document.put("d", (double) d);
      return document;
    }
  }

  static List<Doc> docs(int count, long seed) {
    Random random = new Random(seed);
    return IntStream.range(0, count)
        .mapToObj(i -> new Doc("doc-" + i, random.nextInt(5), random.nextInt(6) == 0 ? null : STATUSES[random.nextInt(4)],
            random.nextInt(2_000) - 1_000, random.nextInt(3)))
        .toList();
  }

  static SecondaryIndex index(List<String> fields, boolean... descending) {
    List<IndexKey> keys = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      keys.add(new IndexKey(fields.get(i), descending.length <= i || !descending[i]));
    }
    return new SecondaryIndex("test", keys, false, "_id");
  }

  static List<String> read(SecondaryIndex index, Object[] from, Object[] to, boolean reverse) {
    return StreamSupport.stream(index.range(from, to, reverse).spliterator(), false)
        .map(e -> (String) e.position())
        .toList();
  }

  static Object[] all(int width) {
    Object[] bound = new Object[width];
    Arrays.fill(bound, Bound.LOW);
    return bound;
  }

  static Object[] none(int width) {
    Object[] bound = new Object[width];
    Arrays.fill(bound, Bound.HIGH);
    return bound;
  }

  /** Null (missing) first, then the texts; as the index orders them. */
  static final Comparator<String> TEXTS = Comparator.nullsFirst(Comparator.naturalOrder());

  @Test
  void compoundIndexesOfOneToFourFieldsReadRangesInTheOrderOfAPlainSort() {
    List<Doc> docs = docs(3_000, 16);
    List<String> fields = List.of("a", "b", "c", "d");
    List<Comparator<Doc>> orders = List.of(
        Comparator.comparingInt(Doc::a),
        Comparator.comparing(Doc::b, TEXTS).reversed(),
        Comparator.comparingInt(Doc::c),
        Comparator.comparingInt(Doc::d));
    for (int width = 1; width <= 4; width++) {
      boolean[] descending = {false, true, false, false};
      SecondaryIndex index = index(fields.subList(0, width), Arrays.copyOf(descending, width));
      docs.forEach(d -> index.add(d.document(), d.id(), null));
      Comparator<Doc> order = orders.get(0);
      for (int i = 1; i < width; i++) {
        order = order.thenComparing(orders.get(i));
      }
      order = order.thenComparing(Doc::id);

      List<String> expected = docs.stream().sorted(order).map(Doc::id).toList();
      assertThat(read(index, all(width), none(width), false)).as("all, width %d", width).isEqualTo(expected);
      assertThat(read(index, all(width), none(width), true)).as("all backwards, width %d", width).isEqualTo(expected.reversed());

      // Equality on the first field, the rest open: exactly its documents, in order.
      Object[] from = all(width);
      Object[] to = none(width);
      from[0] = 3.0;
      to[0] = 3.0;
      assertThat(read(index, from, to, false)).as("a = 3, width %d", width)
          .isEqualTo(docs.stream().filter(d -> d.a() == 3).sorted(order).map(Doc::id).toList());

      if (width >= 3) {
        // a = 2, b = "OFFERED", -100 <= c <= 250: a range on the third field under two equalities.
        Object[] lower = all(width);
        Object[] upper = none(width);
        lower[0] = 2.0;
        upper[0] = 2.0;
        lower[1] = "OFFERED";
        upper[1] = "OFFERED";
        lower[2] = -100.0;
        upper[2] = 250.0;
        assertThat(read(index, lower, upper, false)).as("range under equalities, width %d", width)
            .isNotEmpty()
            .isEqualTo(docs.stream().filter(d -> d.a() == 2 && "OFFERED".equals(d.b()) && d.c() >= -100 && d.c() <= 250)
                .sorted(order).map(Doc::id).toList());
      }
      assertThat(index.getCount()).isEqualTo(docs.size());
    }
  }

  @Test
  void updatesAndRemovalsLeaveNoEntryBehind() {
    List<Doc> docs = docs(500, 7);
    SecondaryIndex index = index(List.of("b", "c"));
    docs.forEach(d -> index.add(d.document(), d.id(), null));
    for (Doc d : docs.subList(0, 250)) {
      Doc moved = new Doc(d.id(), d.a(), "CLOSED", d.c() + 5_000, d.d());
      index.updateInPlace(d.document(), moved.document(), d.id(), null);
    }
    docs.subList(250, 300).forEach(d -> index.remove(d.document()));

    Object[] from = {"CLOSED", 4_000.0};
    Object[] to = {"CLOSED", Bound.HIGH};
    assertThat(read(index, from, to, false)).containsExactlyElementsOf(
        docs.subList(0, 250).stream().sorted(Comparator.comparingInt(Doc::c).thenComparing(Doc::id)).map(Doc::id).toList());
    assertThat(index.getCount()).isEqualTo(450);
  }

  @Test
  void uniqueKeysOfOneAndSeveralFieldsAreFoundReplacedAndListed() {
    MemoryUniqueIndex ids = new MemoryUniqueIndex("_id_", List.of(new IndexKey("_id", true)), false);
    assertThat(ids.putKeyPosition(new KeyValue("c-1"), "c-1")).isTrue();
    assertThat(ids.putKeyPosition(new KeyValue("c-1"), "c-1")).as("a second document with the key").isFalse();
    assertThat(ids.putKeyPosition(new KeyValue(new Object[] {null}), "no-key")).isTrue();
    assertThat(ids.getPosition(new KeyValue("c-1"))).isEqualTo("c-1");
    assertThat(ids.getPosition(new KeyValue(new Object[] {null}))).isEqualTo("no-key");
    assertThat(ids.getPosition(new KeyValue("c-2"))).isNull();

    MemoryUniqueIndex compound = new MemoryUniqueIndex("kind_value",
        List.of(new IndexKey("kind", true), new IndexKey("value", true)), false);
    assertThat(compound.putKeyPosition(new KeyValue("EMAIL", "ann@example.com"), "k-1")).isTrue();
    assertThat(compound.putKeyPosition(new KeyValue("PHONE", "ann@example.com"), "k-2")).isTrue();
    assertThat(compound.putKeyPosition(new KeyValue("EMAIL", "ann@example.com"), "k-3")).isFalse();
    assertThat(compound.putKeyPosition(new KeyValue("EMAIL", null), "k-4")).isTrue();
    assertThat(compound.getPosition(new KeyValue("EMAIL", "ann@example.com"))).isEqualTo("k-1");
    assertThat(compound.getPosition(new KeyValue("EMAIL", null))).isEqualTo("k-4");
    assertThat(compound.removeDocument(new KeyValue("PHONE", "ann@example.com"))).isEqualTo("k-2");
    assertThat(compound.getPosition(new KeyValue("PHONE", "ann@example.com"))).isNull();

    List<KeyValue> listed = new ArrayList<>();
    compound.getIterable().forEach(e -> listed.add(e.getKey()));
    assertThat(listed).containsExactlyInAnyOrder(new KeyValue("EMAIL", "ann@example.com"), new KeyValue("EMAIL", null));
    List<KeyValue> listedIds = new ArrayList<>();
    ids.getIterable().forEach(e -> listedIds.add(e.getKey()));
    assertThat(listedIds).containsExactlyInAnyOrder(new KeyValue("c-1"), new KeyValue(new Object[] {null}));
  }

  /** The entry of the index as it was: a record around the key's array (numbers boxed per entry). */
  record OldEntry(Object[] key, Object position) {}

  static long size(Class<?> type) {
    return ClassLayout.parseClass(type).instanceSize();
  }

  static long arraySize(int length) {
    return ClassLayout.parseInstance(new Object[length]).instanceSize();
  }

  /**
   * Bytes of heap per entry beyond what the documents hold anyway (their ids, the shared status
   * texts), from the layouts of this JVM (JOL): a (status, round) index entry and an _id index entry,
   * as they are now and as they were. The skip list's and hash map's own nodes are the same before
   * and after and counted in both (the skip list's index towers, ~0.5 of a 24-byte node per entry on
   * average, left out of both).
   */
  @Test
  void oneIndexEntryCostsAboutHalfOfWhatItDid() throws ClassNotFoundException {
    long skipListNode = size(Class.forName("java.util.concurrent.ConcurrentSkipListMap$Node"));
    long hashMapNode = size(Class.forName("java.util.concurrent.ConcurrentHashMap$Node"));
    // Before: the record, its key array, a Double boxed for the round (a fresh box per entry).
    long oldSecondary = skipListNode + size(OldEntry.class) + arraySize(2) + size(Double.class);
    // Now: one object with both values; the round's Double is a shared instance.
    long newSecondary = skipListNode + size(SecondaryIndex.Entry2.class);
    // Before: KeyValue -> ArrayList -> Object[1] around the _id; now the _id itself is the key.
    long oldId = hashMapNode + size(KeyValue.class) + size(ArrayList.class) + arraySize(1);
    long newId = hashMapNode;
    System.out.printf("Bytes per index entry: (status, round) index %d before, %d now; _id index %d before, %d now%n",
        oldSecondary, newSecondary, oldId, newId);
    log.info("Bytes per index entry: (status, round) index {} before, {} now; _id index {} before, {} now",
        oldSecondary, newSecondary, oldId, newId);

    // What the layouts assume holds: the index keeps no array or box per entry, and one _id instance.
    SecondaryIndex index = index(List.of("status", "round"));
    MemoryUniqueIndex ids = new MemoryUniqueIndex("_id_", List.of(new IndexKey("_id", true)), false);
    for (int i = 0; i < 100; i++) {
      String id = "conversation-" + i;
      Document document = new Document("_id", id);
      document.put("status", STATUSES[i % STATUSES.length]);
      document.put("round", (long) (i % 7));
      index.add(document, id, null);
      ids.putKeyPosition(new KeyValue(id), id);
    }
    Object[] from = {"NEW", Bound.LOW};
    Object[] to = {"NEW", Bound.HIGH};
    List<SecondaryIndex.Entry> entries = new ArrayList<>();
    index.range(from, to, false).forEach(entries::add);
    assertThat(entries).allSatisfy(e -> assertThat(e).isInstanceOf(SecondaryIndex.Entry2.class));
    assertThat(entries.get(0).key(1)).isSameAs(entries.get(1).key(1)).isEqualTo(0.0); // one shared box for round 0
    ids.getIterable().forEach(e -> assertThat(e.getValue()).isSameAs(e.getKey().get(0)));

    assertThat(newSecondary).isLessThan(oldSecondary * 6 / 10);
    assertThat(newId).isLessThan(oldId / 2);
  }

  /**
   * Ids recur across documents: a conversation's id in each of its messages, a client's id in each message of theirs.
   * Each decoded document brings its own copy; the indexes hold one instance of each, whatever its length, in the
   * secondary and in the compound unique indexes alike.
   */
  @Test
  void aRecurringIdIsHeldOnceByAllIndexes() {
    SecondaryIndex byConversation = index(List.of("conversationId", "createdAt"));
    SecondaryIndex byClient = index(List.of("connectorId", "clientId", "createdAt"));
    MemoryUniqueIndex byExternalId = new MemoryUniqueIndex("external",
        List.of(new IndexKey("connectorId", true), new IndexKey("clientId", true), new IndexKey("externalMessageId", true)), true);
    String conversationId = "3f1c2a9e-5d4b-4c1e-9a7f-2b6d8e0c1a53";
    String clientId = "client-7b2e4f10-9c3d-4a8b-b1e5-6f0a2d9c8e47";
    for (int i = 0; i < 20; i++) {
      // new String: as decoded from a stored document, a copy of its own.
      Document message = new Document("_id", "message-" + i);
      message.put("conversationId", new String(conversationId));
      message.put("connectorId", new String("connector-0d7e9b2c-41f6-4a3e-8c5d-1e2f3a4b5c6d"));
      message.put("clientId", new String(clientId));
      message.put("externalMessageId", "external-" + i);
      message.put("createdAt", (long) i);
      byConversation.add(message, message.get("_id"), null);
      byClient.add(message, message.get("_id"), null);
      byExternalId.add(message, message.get("_id"), null);
    }

    List<Object> held = new ArrayList<>();
    byConversation.range(new Object[] {conversationId, Bound.LOW}, new Object[] {conversationId, Bound.HIGH}, false)
        .forEach(e -> held.add(e.key(0)));
    byClient.range(new Object[] {Bound.LOW, Bound.LOW, Bound.LOW}, new Object[] {Bound.HIGH, Bound.HIGH, Bound.HIGH}, false)
        .forEach(e -> held.add(e.key(1)));
    byExternalId.getIterable().forEach(e -> held.add(e.getKey().get(1)));
    assertThat(held).hasSize(60);
    assertThat(held.subList(0, 20)).allSatisfy(id -> assertThat(id).isSameAs(held.get(0)).isEqualTo(conversationId));
    assertThat(held.subList(20, 60)).allSatisfy(id -> assertThat(id).isSameAs(held.get(20)).isEqualTo(clientId));
  }

  /**
   * A document's id is the position every index of its collection holds, and other collections' entries name it (a
   * conversation's id in its offers): one instance for all, for documents inserted and for those a reopened store
   * indexes again.
   */
  @Test
  void aDocumentsIdIsTheInstanceOtherCollectionsEntriesHold() {
    MVStore mvStore = MVStore.open(null);
    try {
      MongoDatabase database = new StoreBackend(mvStore, new StoreStats()).resolveDatabase("test");
      String conversationId = "6c0d9e1f-2a3b-4c5d-8e7f-9a0b1c2d3e4f";
      MongoCollection<Object> conversations = collection(database, "conversations");
      SecondaryIndex byStatus = index(List.of("status"));
      conversations.addIndex(byStatus);
      // new String: as decoded from a request or a stored document, a copy of its own.
      Document conversation = new Document("_id", new String(conversationId));
      conversation.put("status", "CLOSED");
      conversations.addDocument(conversation);
      MongoCollection<Object> offers = collection(database, "offers");
      Document offer = new Document("_id", "offer-1");
      offer.put("conversationId", new String(conversationId));
      offers.addDocument(offer);
      SecondaryIndex byConversation = index(List.of("conversationId"));
      offers.addIndex(byConversation); // indexes the stored offer, as a reopened store does

      Object position = byStatus.range(all(1), none(1), false).iterator().next().position();
      Object named = byConversation.range(all(1), none(1), false).iterator().next().key(0);
      assertThat(position).isEqualTo(conversationId).isSameAs(named);
    } finally {
      mvStore.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static MongoCollection<Object> collection(MongoDatabase database, String name) {
    return (MongoCollection<Object>) database.createCollectionOrThrowIfExists(name, CollectionOptions.withDefaults());
  }
}
