package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.Assert;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;

/**
 * One collection: its documents in an MVStore map (BSON values, keyed by {@code _id}), queried
 * through the best unique or secondary index the query allows, and counted in {@link StoreStats}.
 */
final class StoreCollection extends AbstractSynchronizedMongoCollection<Object> {

  private final MVMap<Object, Document> documents;
  private final StoreStats stats;

  StoreCollection(
      MongoDatabase database,
      String collectionName,
      CollectionOptions options,
      MVMap<Object, Document> documents,
      CursorRegistry cursorRegistry,
      StoreStats stats) {
    super(database, collectionName, options, cursorRegistry);
    this.documents = documents;
    this.stats = stats;
  }

  @Override
  public synchronized void addIndex(Index<Object> index) {
    if (index.isEmpty() && getIndexes().stream().noneMatch(i -> i.getName().equals(index.getName()))) {
      // One pass over the stored documents (the base class reads them twice); a unique index still
      // refuses a duplicate key here. Every index gets the one shared instance of a document's id, not a
      // copy decoded for it: every index of a million documents would otherwise hold its own _id strings.
      documents.forEach((position, document) -> index.add(document, IndexKeys.shared(position), this));
    }
    super.addIndex(index);
  }

  @Override
  protected QueryResult queryDocuments(
      Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
    SortOrder order = deriveComparator(orderBy) == null ? null : new SortOrder(orderBy);
    Examined examined = new Examined();
    Map<String, QueryPlan.FieldCondition> conditions = QueryPlan.conditions(query);
    IndexChoice indexes = new IndexChoice(getIndexes());
    Iterable<Object> unique = conditions.isEmpty() ? null : indexes.uniqueIndexPositions(conditions);
    QueryPlan best = unique != null || conditions.isEmpty() ? null : indexes.bestSecondaryPlan(conditions, orderBy);
    Set<Object> eitherBranch = unique == null && best == null ? indexes.orBranchPositions(query) : null;
    boolean walkIndexInOrder = best != null && best.sortServed() && limit > 0;
    String plan;
    Iterable<Object> candidates = null;
    if (unique != null) {
      plan = "unique";
      candidates = unique;
    } else if (eitherBranch != null) {
      plan = "or";
      candidates = eitherBranch;
    } else if (best == null) {
      plan = "scan";
    } else {
      plan = "index:" + best.index().getName() + (walkIndexInOrder ? ":sorted" : "");
      candidates = walkIndexInOrder ? null : positionsIn(best);
      if (best.sortServed()) {
        order = null;
      }
    }
    List<Document> matched;
    if (walkIndexInOrder) {
      matched = matchInIndexOrder(best, query, skip + limit, examined);
    } else if (candidates == null) {
      matched = scan(query, orderBy, examined);
    } else if (order != null && limit != 0) {
      // Sorted before they are matched: the page needs only the first few that match (an EVENLY offer
      // matches five of a queue's 200 operators, not all 200), and reading a sort key costs far less than a match.
      matched = matchInOrder(order.sort(storedAt(candidates)), query, wanted(skip, limit), examined);
      order = null;
    } else {
      matched = matchAll(candidates, query, examined);
    }
    stats.record(getCollectionName(), plan, query, orderBy, examined.count, matched.size());
    List<Document> page = detachedPage(matched, order, skip, limit);
    // The page is filtered and sorted already: the empty query only skips, limits and projects.
    return matchDocumentsFromStream(MATCH_ALL, page.stream(), skip, limit, batchSize, null, fieldSelector);
  }

  /**
   * The stored documents the caller gets, sorted, up to {@code skip + limit} of them, each copied: only what
   * is returned is copied.
   */
  private static List<Document> detachedPage(List<Document> matched, SortOrder order, int skip, int limit) {
    List<Document> sorted = order == null ? matched : order.sort(matched);
    // A negative limit is the wire protocol's "one batch of at most |limit|".
    int wanted = limit == 0 ? sorted.size() : (int) Math.min(sorted.size(), (long) skip + Math.abs((long) limit));
    List<Document> page = new ArrayList<>(wanted);
    for (int i = 0; i < wanted; i++) {
      page.add(detached(sorted.get(i)));
    }
    return page;
  }

  private static final Document MATCH_ALL = new Document();

  private static final class Examined {
    long count;
  }

  private List<Document> matchAll(Iterable<Object> positions, Document query, Examined examined) {
    List<Document> matched = new ArrayList<>();
    for (Object position : positions) {
      Document document = documents.get(position);
      if (document == null) {
        continue;
      }
      examined.count++;
      if (documentMatchesQuery(document, query)) {
        matched.add(document);
      }
    }
    return matched;
  }

  private static Set<Object> positionsIn(QueryPlan plan) {
    Set<Object> positions = new LinkedHashSet<>();
    for (Object[][] range : plan.ranges()) {
      for (SecondaryIndex.Entry entry : plan.index().range(range[0], range[1], plan.reverse())) {
        positions.add(entry.position());
      }
    }
    return positions;
  }

  /** How many matches a page of {@code limit} after {@code skip} needs; a negative limit is one batch of |limit|. */
  private static int wanted(int skip, int limit) {
    return (int) Math.min(Integer.MAX_VALUE, (long) skip + Math.abs((long) limit));
  }

  private List<Document> storedAt(Iterable<Object> positions) {
    List<Document> stored = new ArrayList<>();
    for (Object position : positions) {
      Document document = documents.get(position);
      if (document != null) {
        stored.add(document);
      }
    }
    return stored;
  }

  /** The first {@code wanted} documents, in the given order, that match the query; the rest are not read. */
  private List<Document> matchInOrder(Iterable<Document> inOrder, Document query, int wanted, Examined examined) {
    List<Document> matched = new ArrayList<>();
    for (Document document : inOrder) {
      examined.count++;
      if (documentMatchesQuery(document, query)) {
        matched.add(document);
        if (matched.size() >= wanted) {
          break;
        }
      }
    }
    return matched;
  }

  private List<Document> matchInIndexOrder(QueryPlan plan, Document query, int wanted, Examined examined) {
    Object[][] range = plan.ranges().get(0);
    Set<Object> seen = new HashSet<>();
    Iterable<SecondaryIndex.Entry> entries = plan.index().range(range[0], range[1], plan.reverse());
    Iterable<Document> inIndexOrder = () -> StreamSupport.stream(entries.spliterator(), false)
        .map(SecondaryIndex.Entry::position)
        .filter(seen::add) // multikey: a document is in the index once per array element
        .map(documents::get)
        .filter(Objects::nonNull)
        .iterator();
    return matchInOrder(inIndexOrder, query, wanted, examined);
  }

  private List<Document> scan(Document query, Document orderBy, Examined examined) {
    List<Document> matched = new ArrayList<>();
    Iterable<Map.Entry<Object, Document>> all = documents.entrySet();
    if (isNaturalDescending(orderBy)) {
      List<Map.Entry<Object, Document>> reversed = new ArrayList<>(documents.entrySet());
      reversed.sort((a, b) -> ValueComparator.desc().compare(a.getKey(), b.getKey()));
      all = reversed;
    }
    for (Map.Entry<Object, Document> entry : all) {
      examined.count++;
      if (documentMatchesQuery(entry.getValue(), query)) {
        matched.add(entry.getValue());
      }
    }
    return matched;
  }

  /**
   * A copy for the caller. mongo-java-server updates the documents it queried in place and encodes
   * replies after the collection lock is released; with the stored object shared, a reply could show
   * a later or half-applied update. The stored objects are never changed: an update stores the copy.
   */
  private static Document detached(Document document) {
    return document.cloneDeeply();
  }

  @Override
  protected QueryResult matchDocuments(
      Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
    return queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
  }

  @Override
  protected Object addDocumentInternal(Document document) {
    Object id = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
    // The position every index holds: one instance of the id, shared with the entries of other collections
    // that name it (a conversation's id in its offers and messages).
    Object key = IndexKeys.shared(id);
    Document previous = documents.put(Missing.ofNullable(key), document);
    Assert.isNull(previous, () -> "Document with key '" + key + "' already existed in " + this);
    return key;
  }

  @Override
  protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
    documents.put(Missing.ofNullable(position), newDocument);
  }

  @Override
  protected Document getDocument(Object position) {
    return documents.get(position);
  }

  @Override
  protected void removeDocument(Object position) {
    if (documents.remove(position) == null) {
      throw new NoSuchElementException("No document with key " + position);
    }
  }

  @Override
  protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
    return documents.entrySet().stream().map(e -> new DocumentWithPosition<>(e.getValue(), e.getKey()));
  }

  @Override
  public int count() {
    return documents.size();
  }

  @Override
  public boolean isEmpty() {
    return documents.isEmpty();
  }

  @Override
  protected boolean tracksDataSize() {
    return false;
  }

  @Override
  protected void updateDataSize(int sizeDelta) {}

  @Override
  protected int getDataSize() {
    return 0;
  }

}
