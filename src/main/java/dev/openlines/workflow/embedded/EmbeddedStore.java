package dev.openlines.workflow.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** In-process MongoDB-wire server on loopback, persisted to an H2 file (or memory only). */
final class EmbeddedStore implements AutoCloseable {

  private final H2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedStore(H2Backend backend, MongoServer server, InetSocketAddress address) {
    this.backend = backend;
    this.server = server;
    this.address = address;
  }

  static EmbeddedStore start(EmbeddedRuntimeProperties properties) {
    H2Backend backend =
        properties.storeInMemory() ? H2Backend.inMemory() : new H2Backend(prepareFile(properties.storePath()));
    MongoServer server = new MongoServer(backend);
    server.bind(new InetSocketAddress("127.0.0.1", properties.storePort()));
    return new EmbeddedStore(backend, server, server.getLocalAddress());
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
    return "mongodb://127.0.0.1:" + address.getPort() + "/" + database;
  }

  InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    server.shutdownNow();
    backend.close();
  }
}
