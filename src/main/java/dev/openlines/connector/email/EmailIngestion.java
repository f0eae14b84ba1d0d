package dev.openlines.connector.email;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.InboundMessage;
import dev.openlines.connector.OutboundMessage.Attachment;
import dev.openlines.conversation.inbound.IngestionResult;
import dev.openlines.conversation.inbound.InboundMessageService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A received mail into the ingestion rules: the client is the owner of the thread the mail answers
 * (else its sender), the message id is the Message-ID, machine-written mail (auto-replies, bounces)
 * is left out so it never opens a conversation.
 */
@Component
class EmailIngestion {

  private static final Logger log = LoggerFactory.getLogger(EmailIngestion.class);

  private final InboundMessageService ingestion;
  private final EmailThreads threads;
  private final EmailAttachments files;
  private final Clock clock;

  EmailIngestion(InboundMessageService ingestion, EmailThreads threads, EmailAttachments files, Clock clock) {
    this.ingestion = ingestion;
    this.threads = threads;
    this.files = files;
    this.clock = clock;
  }

  /** @return the result, or empty when the mail is not a client's message */
  Optional<IngestionResult> accept(ConnectorSettings connector, ReadMail mail) {
    if (mail.automatic() != null) {
      log.info("Mail {} on connector {} left out: {}", mail.messageId(), connector.id(), mail.automatic());
      return Optional.empty();
    }
    if (mail.fromAddress() == null) {
      log.info("Mail {} on connector {} left out: it has no sender address", mail.messageId(), connector.id());
      return Optional.empty();
    }
    if (mail.fromAddress().equalsIgnoreCase(connector.email().address())) {
      return Optional.empty(); // the mailbox's own reply, e.g. a copy filed in the inbox
    }
    String clientId = threads.clientOf(connector.id(), mail.references()).orElse(mail.fromAddress());
    List<Attachment> attachments = new ArrayList<>();
    for (ReadMail.MailAttachment file : mail.attachments()) {
      boolean keep = file.content() != null && file.size() <= Math.min(connector.maxAttachmentBytes(), EmailAttachments.MAX_STORED_BYTES);
      String reference = keep ? files.store(file.name(), file.contentType(), file.content()) : EmailAttachments.PREFIX + "not-kept";
      // A file over the limit is reported bigger than the limit, so ingestion stores its metadata only.
      long size = keep ? file.size() : Math.max(file.size(), connector.maxAttachmentBytes() + 1);
      attachments.add(new Attachment(file.name(), file.contentType(), size, reference));
    }
    InboundMessage message = new InboundMessage(ConnectorTypes.EMAIL, connector.id(), mail.messageId(), clientId,
        new InboundMessage.ClientProfile(mail.fromName(), null, mail.fromAddress(), null),
        text(mail), attachments, false, mail.sentAt() != null ? mail.sentAt() : clock.instant(),
        mail.urgent() ? InboundMessage.HIGH : InboundMessage.NORMAL);
    IngestionResult result = ingestion.receive(message, connector);
    if (result.outcome() == IngestionResult.Outcome.BLOCKED) {
      log.info("Mail {} on connector {} left out: its sender is on the spam list", mail.messageId(), connector.id());
      return Optional.of(result);
    }
    threads.remember(connector.id(), mail.messageId(), clientId);
    threads.clientMailArrived(result.conversationId(), mail.messageId(), mail.subject(), mail.ownReferences(),
        message.sentAt());
    return Optional.of(result);
  }

  /** The subject leads the first mail of a thread: operators see what it is about. */
  private static String text(ReadMail mail) {
    String subject = mail.subject() == null ? "" : mail.subject().strip();
    boolean reply = !mail.references().isEmpty() || subject.toLowerCase(Locale.ROOT).matches("^(re|aw|sv|antw|réf)\\s*:.*");
    if (subject.isEmpty() || reply) {
      return mail.text();
    }
    return mail.text().isEmpty() ? subject : subject + "\n\n" + mail.text();
  }
}
