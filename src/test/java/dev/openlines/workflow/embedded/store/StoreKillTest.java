package dev.openlines.workflow.embedded.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.openlines.workflow.embedded.store.DocumentStore.Durability;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the store acknowledged survives kill -9 of its process: a child JVM writes from 8
 * threads, is killed with SIGKILL at a random moment, and every insert and update it reported as
 * acknowledged is in the reopened file; also those written unjournaled and then made durable by one
 * barrier, as job handlers write.
 */
class StoreKillTest {

  @TempDir Path dir;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    String file = dir.resolve("store.mv.db").toString();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        StoreWriterProcess.class.getName(), file)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Set<String> inserted = new HashSet<>();
    Set<String> updated = new HashSet<>();
    // Durable (fsync) as the application runs it, and long enough for replaced chunks' space to be reused
    // (DocumentStore.FSYNCED_RETENTION_MILLIS), so the kill can land while a reused region is written.
    int killAfter = 1_500 + ThreadLocalRandom.current().nextInt(1_500);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          inserted.add(line.substring(4));
        } else if (line.startsWith("upd ")) {
          updated.add(line.substring(4));
        }
        if (inserted.size() >= killAfter) {
          // Process.destroyForcibly sends SIGKILL on Linux: no shutdown hook, no close of the store.
          child.destroyForcibly();
          break;
        }
      }
      child.waitFor();
    }
    assertThat(inserted).hasSizeGreaterThanOrEqualTo(killAfter);

    try (DocumentStore store = DocumentStore.start(file, new InetSocketAddress("127.0.0.1", 0), Durability.WRITE);
        MongoClient client = MongoClients.create(store.connectionUri("kill"))) {
      MongoCollection<Document> messages = client.getDatabase("kill").getCollection("messages");
      Set<String> stored = new HashSet<>();
      Set<String> edited = new HashSet<>();
      for (Document d : messages.find()) {
        stored.add(d.getString("_id"));
        if (Boolean.TRUE.equals(d.getBoolean("edited"))) {
          edited.add(d.getString("_id"));
        }
      }
      assertThat(stored).containsAll(inserted);
      assertThat(edited).containsAll(updated);
    }
  }
}
