package dev.openlines.connector.email;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.EmailSettings;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one connector's INBOX: new mails by UID, then waits for the next with IMAP IDLE when the
 * server offers it, or polls every {@code pollInterval} when not. An IDLE is interrupted every
 * {@code pollInterval} too, so a mail that arrived just before it began is never left waiting.
 * Reconnects after any connection failure. Runs on a thread of its own until {@link #stop()}.
 */
final class MailboxWatcher {

  private static final Logger log = LoggerFactory.getLogger(MailboxWatcher.class);

  private final ConnectorSettings connector;
  private final EmailProperties properties;
  private final MailboxState state;
  private final EmailIngestion ingestion;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private final ScheduledExecutorService nudger = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("mailbox-nudge").factory());
  private volatile boolean running = true;
  private volatile IMAPFolder folder;
  private volatile Store store;
  private volatile boolean usingIdle;
  private final Thread thread;

  MailboxWatcher(ConnectorSettings connector, EmailProperties properties, MailboxState state, EmailIngestion ingestion) {
    this.connector = connector;
    this.properties = properties;
    this.state = state;
    this.ingestion = ingestion;
    this.thread = Thread.ofVirtual().name("mailbox-" + connector.id()).unstarted(this::run);
  }

  ConnectorSettings connector() {
    return connector;
  }

  /** True once connected to a server that offered IDLE. */
  boolean usingIdle() {
    return usingIdle;
  }

  void start() {
    long everyMillis = connector.email().pollIntervalOrDefault().toMillis();
    nudger.scheduleWithFixedDelay(this::nudge, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    thread.start();
  }

  void stop() {
    running = false;
    nudger.shutdownNow();
    closeQuietly();
    wake();
    try {
      thread.join(properties.timeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      try {
        watch();
      } catch (Exception e) {
        if (running) {
          log.warn("Mailbox of connector {} failed, reconnecting in {}: {}", connector.id(), properties.reconnectBackoff(), e.toString());
          pause(properties.reconnectBackoff().toMillis());
        }
      } finally {
        closeQuietly();
      }
    }
  }

  private void watch() throws MessagingException {
    EmailSettings email = connector.email();
    Store connected = MailSessions.imap(email, properties).getStore(MailSessions.imapProtocol(email));
    store = connected;
    connected.connect(email.imapHost(), email.imapPort(), email.username(), email.password());
    IMAPFolder inbox = (IMAPFolder) connected.getFolder("INBOX");
    inbox.open(jakarta.mail.Folder.READ_WRITE);
    folder = inbox;
    usingIdle = connected instanceof IMAPStore imap && imap.hasCapability("IDLE");
    log.info("Watching mailbox of connector {} ({})", connector.id(), usingIdle ? "IMAP IDLE" : "polling");
    while (running) {
      int seen = readNew(inbox);
      // Mail delivered after the fetch but before IDLE starts would wait for the next nudge: a NOOP
      // makes the server announce it now, and the loop reads it before idling.
      inbox.doCommand(protocol -> {
        protocol.noop();
        return null;
      });
      if (inbox.getMessageCount() > seen) {
        continue;
      }
      if (usingIdle) {
        inbox.idle(true);
      } else {
        pause(email.pollIntervalOrDefault().toMillis());
        inbox.getMessageCount(); // a NOOP: lets the server report new mail
      }
    }
  }

  /** @return the highest message number the fetch saw: mail numbered above it arrived later */
  private int readNew(IMAPFolder inbox) throws MessagingException {
    long uidValidity = inbox.getUIDValidity();
    long last = state.lastUid(connector.id(), uidValidity);
    boolean firstRead = last < 0;
    int countBefore = inbox.getMessageCount();
    Message[] candidates = inbox.getMessagesByUID(Math.max(last, 0) + 1, UIDFolder.LASTUID);
    int seen = countBefore;
    for (Message candidate : candidates) {
      seen = Math.max(seen, candidate.getMessageNumber());
    }
    for (Message candidate : candidates) {
      long uid = inbox.getUID(candidate);
      if (uid <= last || !running) {
        continue; // "n:*" always returns the newest mail, even one handled already
      }
      // A mailbox read for the first time: mail someone already read there is history, not new work.
      if (!(firstRead && candidate.isSet(jakarta.mail.Flags.Flag.SEEN))) {
        handle((MimeMessage) candidate, uidValidity, uid);
      }
      state.handled(connector.id(), uidValidity, uid);
    }
    if (firstRead && candidates.length == 0) {
      state.handled(connector.id(), uidValidity, 0);
    }
    return seen;
  }

  private void handle(MimeMessage mail, long uidValidity, long uid) throws MessagingException {
    ReadMail read;
    try {
      read = MailReader.read(mail, "imap-" + uidValidity + "-" + uid + "@" + connector.id(), connector.maxAttachmentBytes());
    } catch (FolderClosedException | StoreClosedException connectionLost) {
      throw connectionLost;
    } catch (MessagingException | IOException | RuntimeException unreadable) {
      // One broken mail must not stop the mailbox: it stays there for a person to look at.
      log.warn("Mail UID {} of connector {} cannot be read and is skipped: {}", uid, connector.id(), unreadable.toString());
      return;
    }
    ingestion.accept(connector, read);
  }

  /** Ends the current IDLE (any other use of the folder does), so new mail is looked for. */
  private void nudge() {
    IMAPFolder current = folder;
    if (current != null && current.isOpen()) {
      try {
        current.getMessageCount();
      } catch (MessagingException | RuntimeException ignored) {
        // The watcher thread sees the broken connection itself and reconnects.
      }
    }
    wake();
  }

  private void pause(long millis) {
    lock.lock();
    try {
      if (running) {
        woken.await(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly() {
    try {
      IMAPFolder current = folder;
      folder = null;
      if (current != null && current.isOpen()) {
        current.close(false);
      }
    } catch (MessagingException | RuntimeException ignored) {
      // Closing a broken connection.
    }
    try {
      Store current = store;
      store = null;
      if (current != null) {
        current.close();
      }
    } catch (MessagingException | RuntimeException ignored) {
      // Closing a broken connection.
    }
  }
}
