package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map.Entry;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;

/**
 * The {@code _id} index of a collection, answered by the collection's documents map, which is keyed by
 * {@code _id} already. Held in memory besides (as every other index is) it cost a hash-map node and the id's
 * text for every document ever stored, ~45 MB for the 1.1 M documents of 100,000 closed conversations, and
 * kept alive the ids of collections no other index reads (the delivered process commands, three per
 * conversation).
 *
 * <p>Texts and ObjectIds only: they are the stored key as they are. An id of another type (a number, whose
 * normalized form is not the stored key) is kept in a {@link MemoryUniqueIndex} beside; OpenLines stores none.
 */
final class DocumentIdIndex extends AbstractUniqueIndex<Object> {

  private final MVMap<Object, Document> documents;
  private final MemoryUniqueIndex otherIds;

  DocumentIdIndex(String name, List<IndexKey> keys, MVMap<Object, Document> documents) {
    super(name, keys, false);
    this.documents = documents;
    this.otherIds = new MemoryUniqueIndex(name, keys, false);
    documents.keyIterator(null).forEachRemaining(id -> {
      if (!storedAsIs(id)) {
        otherIds.add(new Document("_id", id), id, null);
      }
    });
  }

  /** An id that is its own stored key: the documents map answers for it. */
  private static boolean storedAsIs(Object id) {
    return id instanceof String || id instanceof ObjectId;
  }

  @Override
  public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
    // The documents map holds a text or ObjectId id once the document is stored, which is before the indexes
    // are told: checking for a duplicate now would find the document itself (the collection checked before).
    if (!storedAsIs(document.get("_id"))) {
      otherIds.add(document, position, collection);
    }
  }

  /** The collection removes the document from the map after asking every index for its position. */
  @Override
  protected Object removeDocument(KeyValue keyValue) {
    Object id = keyValue.get(0);
    return storedAsIs(id) ? positionInMap(id) : otherIds.removeDocument(keyValue);
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    return storedAsIs(keyValue.get(0)) || otherIds.putKeyPosition(keyValue, position);
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    Object id = keyValue.get(0);
    return storedAsIs(id) ? positionInMap(id) : otherIds.getPosition(keyValue);
  }

  private Object positionInMap(Object id) {
    return documents.containsKey(id) ? id : null;
  }

  @Override
  protected Iterable<Entry<KeyValue, Object>> getIterable() {
    return () -> Stream.concat(
            documents.keySet().stream().filter(DocumentIdIndex::storedAsIs)
                .map(id -> (Entry<KeyValue, Object>) new SimpleImmutableEntry<>(new KeyValue(id), id)),
            StreamSupport.stream(otherIds.getIterable().spliterator(), false))
        .iterator();
  }

  @Override
  public long getCount() {
    return documents.size();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
