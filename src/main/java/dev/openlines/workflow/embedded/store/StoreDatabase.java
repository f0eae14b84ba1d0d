package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of the embedded store: collections in MVStore maps with BSON documents; every index in
 * memory, rebuilt from the documents when a collection opens.
 */
final class StoreDatabase extends AbstractSynchronizedMongoDatabase<Object> {

  private static final Logger log = LoggerFactory.getLogger(StoreDatabase.class);

  /** Map name prefix of collections stored as BSON. */
  static final String DOCUMENTS_PREFIX = "bson.";
  /** Map name prefix of collections the stock H2 backend wrote with Java serialization. */
  static final String LEGACY_PREFIX = "databases.";

  private final MVStore mvStore;
  private final StoreStats stats;

  StoreDatabase(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry, StoreStats stats) {
    super(databaseName, cursorRegistry);
    this.mvStore = mvStore;
    this.stats = stats;
    initializeNamespacesAndIndexes();
  }

  /**
   * An aggregation that starts with {@code $match} reads only what the match selects, through the
   * indexes. mongo-java-server feeds every pipeline the whole collection; the driver's
   * {@code countDocuments} (and so Spring Data's {@code count}) is such a pipeline.
   */
  @Override
  public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
    if (command.equalsIgnoreCase("aggregate") && query.get(command) instanceof String collectionName
        && query.get("pipeline") instanceof List<?> pipeline && !pipeline.isEmpty()
        && pipeline.get(0) instanceof Document first && first.size() == 1
        && first.get("$match") instanceof Document match && !match.containsKey("$expr")) {
      MongoCollection<Object> collection = resolveCollection(collectionName, false);
      if (collection != null) {
        @SuppressWarnings("unchecked")
        List<Document> stages = (List<Document>) pipeline;
        Aggregation aggregation = Aggregation.fromPipeline(stages.subList(1, stages.size()), resolver, this, collection, oplog);
        aggregation.validate(query);
        List<Document> result = aggregation.runStages(collection.handleQueryAsStream(match));
        Document cursor = new Document("id", 0L);
        cursor.put("ns", getFullCollectionNamespace(collectionName));
        cursor.put("firstBatch", result);
        Document response = new Document("cursor", cursor);
        response.put("ok", 1.0);
        return response;
      }
    }
    return super.handleCommand(channel, command, query, resolver, oplog);
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    return new StoreCollection(this, collectionName, options, documentsMap(collectionName), cursorRegistry, stats);
  }

  private MVMap<Object, Document> documentsMap(String collectionName) {
    String namespace = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> documents =
        mvStore.openMap(DOCUMENTS_PREFIX + namespace, new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
    String legacyName = LEGACY_PREFIX + namespace;
    if (mvStore.hasMap(legacyName)) {
      // A store file written by the stock H2 backend: move its documents to BSON once.
      MVMap<Object, Document> legacy = mvStore.openMap(legacyName);
      log.info("Converting {} documents of {} to BSON", legacy.size(), namespace);
      legacy.forEach(documents::put);
      mvStore.removeMap(legacy);
      mvStore.removeMap("meta." + namespace);
    }
    return documents;
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    String legacyMap = mapNameForIndex(collectionName, indexName);
    if (mvStore.hasMap(legacyMap)) {
      // Written by an earlier version, which kept unique indexes in the file: they are rebuilt from the documents now.
      mvStore.removeMap(legacyMap);
    }
    if (keys.size() == 1 && keys.get(0).getKey().equals("_id") && !sparse) {
      return new DocumentIdIndex(indexName, keys, documentsMap(collectionName));
    }
    return new MemoryUniqueIndex(indexName, keys, sparse);
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    return new SecondaryIndex(indexName, keys, sparse, "_id");
  }

  @Override
  protected void dropIndex(MongoCollection<Object> collection, String indexName) {
    super.dropIndex(collection, indexName);
    String name = mapNameForIndex(collection.getCollectionName(), indexName);
    if (mvStore.hasMap(name)) {
      mvStore.removeMap(name);
    }
  }

  private String mapNameForIndex(String collectionName, String indexName) {
    return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
  }

  @Override
  public void drop(Oplog oplog) {
    super.drop(oplog);
    for (String name : mvStore.getMapNames()) {
      if (name.startsWith(databaseName + ".") || name.startsWith(DOCUMENTS_PREFIX + databaseName + ".")) {
        mvStore.removeMap(name);
      }
    }
  }

  @Override
  public void dropCollection(String collectionName, Oplog oplog) {
    super.dropCollection(collectionName, oplog);
    mvStore.removeMap(DOCUMENTS_PREFIX + getFullCollectionNamespace(collectionName));
  }

  @Override
  public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
    super.moveCollection(oldDatabase, collection, newCollectionName);
    MVMap<Object, Document> documents = mvStore.openMap(
        DOCUMENTS_PREFIX + collection.getFullName(), new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
    mvStore.renameMap(documents, DOCUMENTS_PREFIX + getFullCollectionNamespace(newCollectionName));
  }

  @Override
  protected long getStorageSize() {
    FileStore<?> fileStore = mvStore.getFileStore();
    return fileStore != null ? fileStore.size() : 0;
  }

  @Override
  protected long getFileSize() {
    return getStorageSize();
  }
}
