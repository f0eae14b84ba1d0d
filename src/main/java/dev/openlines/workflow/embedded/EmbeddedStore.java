package dev.openlines.workflow.embedded;

import dev.openlines.workflow.embedded.store.DocumentStore;
import dev.openlines.workflow.embedded.store.StoreStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** In-process MongoDB-wire store on loopback, persisted to an MVStore file (or memory only). */
final class EmbeddedStore implements AutoCloseable {

  private final DocumentStore store;

  private EmbeddedStore(DocumentStore store) {
    this.store = store;
  }

  static EmbeddedStore start(EmbeddedRuntimeProperties properties) {
    String file = properties.storeInMemory() ? null : prepareFile(properties.storePath());
    return new EmbeddedStore(DocumentStore.start(
        file, new InetSocketAddress("127.0.0.1", properties.storePort()), properties.storeDurability(),
        properties.storeCompactionFillRate()));
  }

  private static String prepareFile(String storePath) {
    Path file = Path.of(storePath).toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the store directory " + file.getParent(), e);
    }
    return file.toString();
  }

  String connectionUri(String database) {
    return store.connectionUri(database);
  }

  InetSocketAddress address() {
    return store.address();
  }

  StoreStats stats() {
    return store.stats();
  }

  long fileSize() {
    return store.fileSize();
  }

  int liveChunksPercent() {
    return store.liveChunksPercent();
  }

  @Override
  public void close() {
    store.close();
  }
}
