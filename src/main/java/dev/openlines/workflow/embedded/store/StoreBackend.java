package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.Utils;
import java.util.stream.Stream;
import org.h2.mvstore.MVStore;

/** mongo-java-server backend over one MVStore: BSON documents, unique and secondary indexes. */
final class StoreBackend extends AbstractMongoBackend {

  private final MVStore mvStore;
  private final StoreStats stats;

  StoreBackend(MVStore mvStore, StoreStats stats) {
    this.mvStore = mvStore;
    this.stats = stats;
    Stream.of(StoreDatabase.DOCUMENTS_PREFIX, StoreDatabase.LEGACY_PREFIX)
        .flatMap(prefix -> mvStore.getMapNames().stream()
            .filter(name -> name.startsWith(prefix))
            .map(name -> Utils.firstFragment(name.substring(prefix.length()))))
        .distinct()
        .forEach(this::resolveDatabase);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new StoreDatabase(databaseName, mvStore, getCursorRegistry(), stats);
  }
}
