package dev.openlines.connector.email;

import java.time.Instant;
import java.util.List;

/**
 * A received mail as the e-mail connector understands it.
 *
 * @param messageId the Message-ID without angle brackets
 * @param references In-Reply-To first, then References from newest to oldest: the mails this one answers
 * @param text the new text, quoted history and signature trimmed
 * @param automatic why the mail was written by a machine (auto-reply, bounce, ...); null for a person's mail
 * @param urgent the sender marked it as urgent ({@code Importance: high}, {@code X-Priority} 1 or 2, {@code Priority: urgent})
 */
record ReadMail(
    String messageId,
    String fromAddress,
    String fromName,
    String subject,
    List<String> references,
    List<String> ownReferences,
    String text,
    List<MailAttachment> attachments,
    String automatic,
    Instant sentAt,
    boolean urgent) {

  /**
   * @param content null when the file is over the connector's limit
   */
  record MailAttachment(String name, String contentType, long size, byte[] content) {}
}
