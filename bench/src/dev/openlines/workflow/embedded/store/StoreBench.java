package dev.openlines.workflow.embedded.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.openlines.workflow.embedded.store.DocumentStore.Durability;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The embedded store alone, through the MongoDB driver: hot query shapes with `docs` conversations
 * stored, durable single-document writes from `writers` threads, reopen time and file size.
 * `backend=stock` runs the same against mongo-java-server's own H2 backend (the "before").
 *
 * <pre>
 * mvn -B -Pbench test -Dbench.main=dev.openlines.workflow.embedded.store.StoreBench \
 *     -Dbench.args="backend=openlines durability=fsync docs=100000 seconds=5 writers=16"
 * </pre>
 */
public final class StoreBench {

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    boolean stock = a.getOrDefault("backend", "openlines").equals("stock");
    Durability durability = Durability.valueOf(a.getOrDefault("durability", "fsync").toUpperCase());
    int docs = Integer.parseInt(a.getOrDefault("docs", "100000"));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "5"));
    int writers = Integer.parseInt(a.getOrDefault("writers", "16"));
    Path dir = Files.createTempDirectory("store-bench");
    String file = dir.resolve("store.mv.db").toString();
    System.out.printf("backend=%s durability=%s docs=%d seconds=%d writers=%d cpus=%d%n",
        stock ? "stock-h2" : "openlines", stock ? "(1 s autocommit)" : durability, docs, seconds, writers,
        Runtime.getRuntime().availableProcessors());

    Server server = Server.open(stock, file, durability);
    try (MongoClient client = MongoClients.create(server.uri())) {
      MongoCollection<Document> conversations = client.getDatabase("bench").getCollection("conversations");
      conversations.createIndex(Indexes.ascending("queueChannelId", "status", "queuedSince"));
      conversations.createIndex(Indexes.ascending("operatorId", "status"));
      long t0 = System.nanoTime();
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < docs; i++) {
        batch.add(conversation(i));
        if (batch.size() == 1_000) {
          conversations.insertMany(batch);
          batch.clear();
        }
      }
      System.out.printf("load %d docs: %.1f s%n", docs, (System.nanoTime() - t0) / 1e9);

      measure("find by _id", seconds, () -> conversations.find(eq("_id", "c" + rnd(docs))).first());
      measure("oldest waiting of a channel (sort+limit 1)", seconds, () -> conversations
          .find(and(eq("queueChannelId", "ch" + rnd(50)), eq("status", "WAITING"))).sort(Sorts.ascending("queuedSince")).limit(1).first());
      measure("open conversations of an operator", seconds, () -> conversations
          .find(and(eq("operatorId", "op" + rnd(200)), eq("status", "IN_PROGRESS"))).into(new ArrayList<>()));
      measure("conditional update by _id + status", seconds, () -> conversations
          .updateOne(and(eq("_id", "c" + rnd(docs)), eq("status", "CLOSED")), Updates.set("touched", Instant.now())));
      measure("count by operator + status", seconds, () -> conversations
          .countDocuments(and(eq("operatorId", "op" + rnd(200)), eq("status", "WAITING"))));

      MongoCollection<Document> messages = client.getDatabase("bench").getCollection("messages");
      AtomicLong ids = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      AtomicLong written = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds * 2L);
      List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
      long[] latencies = new long[2_000_000];
      AtomicLong latencyCount = new AtomicLong();
      for (int w = 0; w < writers; w++) {
        tasks.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            long s = System.nanoTime();
            messages.insertOne(new Document("_id", ids.incrementAndGet()).append("conversationId", "c" + rnd(docs)).append("text", "hello"));
            long i = latencyCount.getAndIncrement();
            if (i < latencies.length) {
              latencies[(int) i] = System.nanoTime() - s;
            }
            written.incrementAndGet();
          }
        }));
      }
      for (var task : tasks) {
        task.get();
      }
      pool.shutdown();
      int n = (int) Math.min(latencyCount.get(), latencies.length);
      long[] sorted = java.util.Arrays.copyOf(latencies, n);
      java.util.Arrays.sort(sorted);
      System.out.printf("%-45s %8.0f ops/s  p50 %.1f ms  p99 %.1f ms%n", "acknowledged inserts (" + writers + " threads)",
          written.get() / (seconds * 2.0), sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6);
    }
    System.gc();
    long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    System.out.printf("heap after GC with the store open: %d MB%n", heap / 1_000_000);
    server.close();
    System.out.printf("file size after close: %.1f MB%n", Files.size(Path.of(file)) / 1e6);

    long t1 = System.nanoTime();
    Server reopened = Server.open(stock, file, durability);
    try (MongoClient client = MongoClients.create(reopened.uri())) {
      long count = client.getDatabase("bench").getCollection("conversations").countDocuments();
      System.out.printf("reopen (indexes rebuilt) + first count (%d): %.2f s%n", count, (System.nanoTime() - t1) / 1e9);
    }
    reopened.close();
  }

  static int rnd(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
  }

  static Document conversation(int i) {
    String status = i % 50 == 0 ? "WAITING" : i % 25 == 0 ? "IN_PROGRESS" : "CLOSED";
    return new Document("_id", "c" + i)
        .append("queueChannelId", "ch" + (i % 50))
        .append("status", status)
        .append("operatorId", "op" + (i % 200))
        .append("clientId", "client-" + i)
        .append("queuedSince", Instant.ofEpochSecond(1_700_000_000L + i))
        .append("title", "Conversation " + i)
        .append("lastMessage", "Hello, I have a question about my order number " + i);
  }

  static void measure(String name, int seconds, Runnable op) {
    long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < warm) {
      op.run();
    }
    long n = 0;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      op.run();
      n++;
    }
    System.out.printf("%-45s %8.0f ops/s%n", name, n / ((System.nanoTime() - start) / 1e9));
  }

  interface Server extends AutoCloseable {
    String uri();

    @Override
    void close();

    static Server open(boolean stock, String file, Durability durability) {
      if (stock) {
        MongoServer server = new MongoServer(new H2Backend(file));
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return new Server() {
          public String uri() {
            return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/bench";
          }

          public void close() {
            server.shutdownNow();
          }
        };
      }
      DocumentStore store = DocumentStore.start(file, new InetSocketAddress("127.0.0.1", 0), durability);
      return new Server() {
        public String uri() {
          return store.connectionUri("bench");
        }

        public void close() {
          store.close();
        }
      };
    }
  }
}
