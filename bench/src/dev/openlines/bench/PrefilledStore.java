package dev.openlines.bench;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import dev.openlines.harness.OpenLinesHttp;
import dev.openlines.harness.PackagedApp;
import dev.openlines.workflow.embedded.store.DocumentStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A store that already holds a long history: one conversation is taken from a visitor's first message to its close
 * through HTTP, the application is stopped, and every document of that conversation is copied {@code closed} times
 * under fresh conversation ids straight into the store file (through the store's own server, as the application
 * writes it). Replaying 100,000 conversations through HTTP would take hours at the rates measured; their documents
 * are what makes a store slow, and closed conversations have no process left in the engine.
 */
final class PrefilledStore {

  private static final int BATCH = 1_000;

  private PrefilledStore() {}

  /** Stops the app, copies one closed conversation {@code closed} times into its store, starts it again. */
  static void addClosedConversations(PackagedApp app, OpenLinesHttp http, int closed) throws Exception {
    String conversationId = oneClosedConversation(http);
    app.stop();
    Instant started = Instant.now();
    long copied;
    try (DocumentStore store = DocumentStore.start(app.dataDir().resolve("store.mv.db").toString(),
            new InetSocketAddress("127.0.0.1", 0), DocumentStore.Durability.WRITE);
        MongoClient client = MongoClients.create(store.connectionUri("openlines"))) {
      copied = copy(client.getDatabase("openlines"), conversationId, closed);
    }
    System.out.printf("%s prefill: %d closed conversations (%d documents) copied into the store in %d s, file %.0f MB%n",
        Instant.now(), closed, copied, Duration.between(started, Instant.now()).toSeconds(), app.storeBytes() / 1e6);
    Duration startup = app.start(Duration.ofMinutes(20));
    System.out.printf("%s app UP again in %d s on the prefilled store, load %s%n", Instant.now(), startup.toSeconds(),
        Machine.loadAverage());
  }

  /** A visitor writes, the only operator of a line of its own answers, replies and closes; all through HTTP. */
  private static String oneClosedConversation(OpenLinesHttp http) throws Exception {
    String admin = PackagedApp.ADMIN_KEY;
    Setup.Operators historian = Setup.operators(http, "history-op-", 1);
    Setup.line(http, "history", "history-chat", historian, Duration.ofHours(12), null);
    String operatorKey = historian.keys().get(0);
    OpenLinesHttp.Answer chat = http.startChat("history-chat", "Earlier visitor").require2xx("history chat");
    String token = chat.text("token");
    String conversationId = http.sendAsVisitor(token, "h-1", "Where is my order?").require2xx("history message")
        .text("conversationId");
    await("offered", () -> http.inbox(operatorKey).toString().contains(conversationId));
    http.post("/api/conversations/" + conversationId + "/answer", operatorKey, null).require2xx("answer");
    http.post("/api/conversations/" + conversationId + "/messages", operatorKey, java.util.Map.of("text", "It ships today."))
        .require2xx("reply");
    http.sendAsVisitor(token, "h-2", "Thank you").require2xx("history second message");
    http.post("/api/conversations/" + conversationId + "/close", operatorKey, null).require2xx("close");
    String supervisor = http.createSupervisorKey(admin, "history-supervisor");
    await("closed", () -> http.get("/api/supervisor/conversations?channelId=history&status=CLOSED", supervisor).body()
        .toString().contains(conversationId));
    return conversationId;
  }

  /** Every document that mentions the conversation, {@code copies} times, the conversation id replaced by a new one. */
  private static long copy(MongoDatabase database, String conversationId, int copies) {
    long inserted = 0;
    for (String name : database.listCollectionNames()) {
      if (name.startsWith("system.")) {
        continue;
      }
      List<Document> originals = new ArrayList<>();
      for (Document document : database.getCollection(name).find()) {
        if (document.toJson().contains(conversationId)) {
          originals.add(document);
        }
      }
      if (originals.isEmpty()) {
        continue;
      }
      List<String> templates = originals.stream().map(Document::toJson).toList();
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        String copyId = conversationId + "-h" + i;
        for (int d = 0; d < templates.size(); d++) {
          Document copy = Document.parse(templates.get(d).replace(conversationId, copyId));
          Object id = originals.get(d).get("_id");
          copy.put("_id", id instanceof ObjectId ? new ObjectId()
              : String.valueOf(id).contains(conversationId) ? String.valueOf(id).replace(conversationId, copyId)
              : id + "-h" + i);
          batch.add(copy);
        }
        if (batch.size() >= BATCH) {
          inserted += insert(database, name, batch);
        }
      }
      inserted += insert(database, name, batch);
    }
    return inserted;
  }

  private static long insert(MongoDatabase database, String collection, List<Document> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    int size = batch.size();
    long stored = size;
    try {
      database.getCollection(collection).insertMany(batch, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      // A copy that would repeat a unique key of the original (a live-chat session's token) is not stored.
      stored -= e.getWriteErrors().size();
    }
    batch.clear();
    return stored;
  }

  interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Check check) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (!check.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("history conversation not " + what + " within 120 s");
      }
      Bench.pause(Duration.ofMillis(200));
    }
  }
}
