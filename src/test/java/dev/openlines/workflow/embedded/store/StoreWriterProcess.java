package dev.openlines.workflow.embedded.store;

import com.mongodb.WriteConcern;
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
 * and "upd <id>" after each acknowledged update. Half of the threads write unjournaled ({j: false})
 * and count their writes acknowledged only after the store's barrier ({@code fsync}) answered.
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
      // Odd writers write as job handlers do: unjournaled writes, acknowledged to the caller after one barrier.
      boolean deferred = writer % 2 == 1;
      MongoCollection<Document> target = deferred ? messages.withWriteConcern(WriteConcern.W1.withJournal(false)) : messages;
      pool.submit(() -> {
        for (int i = 0; ; i++) {
          String id = writer + "-" + i;
          target.insertOne(new Document("_id", id).append("writer", writer).append("text", "message " + i));
          boolean edit = i % 5 == 4;
          if (edit && deferred) {
            target.updateOne(Filters.eq("_id", id), Updates.set("edited", true));
          }
          if (deferred) {
            client.getDatabase("admin").runCommand(new Document("fsync", 1));
          }
          synchronized (out) {
            out.println("ack " + id);
            if (edit && deferred) {
              out.println("upd " + id);
            }
            out.flush();
          }
          if (edit && !deferred) {
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
