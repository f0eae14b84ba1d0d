package dev.openlines.workflow.embedded.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.openlines.workflow.embedded.store.DocumentStore.Durability;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;

/**
 * Child process of {@link StoreKillTest}: opens the store file given as argument and writes from
 * several threads until it is killed, printing "ack <id>" to stdout after each acknowledged insert
 * and "upd <id>" after each acknowledged update.
 */
public final class StoreWriterProcess {

  public static void main(String[] args) throws Exception {
    DocumentStore store = DocumentStore.start(args[0], new InetSocketAddress("127.0.0.1", 0), Durability.FSYNC);
    MongoClient client = MongoClients.create(store.connectionUri("kill"));
    MongoCollection<Document> messages = client.getDatabase("kill").getCollection("messages");
    PrintStream out = System.out;
    out.println("ready");
    out.flush();
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    for (int w = 0; w < writers; w++) {
      int writer = w;
      pool.submit(() -> {
        for (int i = 0; ; i++) {
          String id = writer + "-" + i;
          messages.insertOne(new Document("_id", id).append("writer", writer).append("text", "message " + i));
          synchronized (out) {
            out.println("ack " + id);
            out.flush();
          }
          if (i % 5 == 4) {
            messages.updateOne(Filters.eq("_id", id), Updates.set("edited", true));
            synchronized (out) {
              out.println("upd " + id);
              out.flush();
            }
          }
        }
      });
    }
    pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
  }
}
