package dev.openlines.workflow.embedded;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.openlines.workflow.StoreDurability;
import java.util.Set;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The embedded store's side of {@link StoreDurability}: inside a deferred scope (a job handler, an
 * operator's close) the database hands out write concern {@code {j: false}} (the store acknowledges a
 * write once applied and commits right after, without the writer waiting), and the store's {@code fsync}
 * command is the barrier that waits until everything written before it is in the file. Other writes
 * (ingestion, the other operator actions) keep waiting for their own commit: their 2xx promises the disk.
 */
public final class DeferredStoreWrites implements StoreDurability, CommandListener {

  private static final WriteConcern UNJOURNALED = WriteConcern.W1.withJournal(false);
  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

  /** Per handler thread: null outside a job, else whether the job wrote anything yet. */
  private static final ThreadLocal<boolean[]> WROTE = new ThreadLocal<>();

  private final ObjectProvider<MongoClient> client;

  public DeferredStoreWrites(ObjectProvider<MongoClient> client) {
    this.client = client;
  }

  /** The database as this thread writes to it: unjournaled inside a deferred scope. */
  MongoDatabase forThisThread(MongoDatabase database) {
    return WROTE.get() == null ? database : database.withWriteConcern(UNJOURNALED);
  }

  /** The driver calls listeners on the thread that runs the command: a job's write marks its barrier as needed. */
  @Override
  public void commandStarted(CommandStartedEvent event) {
    boolean[] wrote = WROTE.get();
    if (wrote != null && WRITES.contains(event.getCommandName())) {
      wrote[0] = true;
    }
  }

  @Override
  public Scope deferDurability() {
    boolean[] outer = WROTE.get();
    WROTE.set(new boolean[1]);
    return () -> {
      if (outer == null) {
        WROTE.remove();
      } else {
        WROTE.set(outer);
      }
    };
  }

  @Override
  public void awaitDurable() {
    boolean[] wrote = WROTE.get();
    if (wrote == null || !wrote[0]) {
      return;
    }
    client.getObject().getDatabase("admin").runCommand(new Document("fsync", 1));
    wrote[0] = false;
  }
}
