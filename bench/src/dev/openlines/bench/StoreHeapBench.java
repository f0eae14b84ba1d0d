package dev.openlines.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.openlines.workflow.embedded.store.DocumentStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * What a store costs in heap once it is open: the embedded store keeps its indexes in memory (rebuilt from the
 * documents at every start), so the heap a deployment needs grows with everything it ever stored. Opens a copy of a
 * store file (e.g. the one {@code HttpRouteBench prefillClosed=100000} leaves in the data directory it prints),
 * collects the garbage and reports the heap in use, per collection's documents and in all.
 *
 * <p>Arguments: store=/path/to/store.mv.db (required). Run it with the heap the store needs (-Xmx2g for 100,000
 * conversations) and nothing else in the JVM; the figure includes the store's page cache (MVStore's 16 MB default).
 */
public final class StoreHeapBench {

  public static void main(String[] args) throws Exception {
    BenchArgs arguments = BenchArgs.parse(args);
    Path original = Path.of(arguments.text("store", ""));
    if (!Files.isRegularFile(original)) {
      throw new IllegalArgumentException("store=<path to a store.mv.db> is required, was '" + original + "'");
    }
    Path copy = Files.createTempFile("store-heap-", ".mv.db");
    Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
    long before = heapInUseAfterGc();
    long started = System.nanoTime();
    try (DocumentStore store = DocumentStore.start(copy.toString(), new InetSocketAddress("127.0.0.1", 0),
            DocumentStore.Durability.WRITE);
        MongoClient client = MongoClients.create(store.connectionUri("openlines"))) {
      long openMillis = (System.nanoTime() - started) / 1_000_000;
      long documents = 0;
      MongoDatabase database = client.getDatabase("openlines");
      for (String name : database.listCollectionNames()) {
        long count = database.getCollection(name).estimatedDocumentCount();
        documents += count;
        System.out.printf("  %-32s %,10d documents%n", name, count);
      }
      long heap = heapInUseAfterGc() - before;
      System.out.printf("%s RESULT store %s (%.0f MB file): opened in %,d ms, %,d documents, heap in use %.0f MB, "
              + "%.0f bytes per document%n",
          Instant.now(), original, Files.size(original) / 1e6, openMillis, documents, heap / 1e6,
          documents == 0 ? 0.0 : (double) heap / documents);
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private static long heapInUseAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(500);
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }
}
