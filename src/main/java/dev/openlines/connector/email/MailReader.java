package dev.openlines.connector.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/** Reads what the connector needs from a received MIME message. */
final class MailReader {

  private static final Set<String> AUTOMATIC_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply");
  private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster");

  private MailReader() {}

  /** @param fallbackId used when the mail has no Message-ID (the mailbox's own unique id) */
  static ReadMail read(MimeMessage mail, String fallbackId, long maxAttachmentBytes) throws MessagingException, IOException {
    Address[] from = mail.getFrom();
    InternetAddress sender = from != null && from.length > 0 && from[0] instanceof InternetAddress a ? a : null;
    String address = sender == null || sender.getAddress() == null ? null : sender.getAddress().toLowerCase(Locale.ROOT);
    String messageId = stripBrackets(mail.getMessageID());
    List<String> references = new ArrayList<>();
    String inReplyTo = mail.getHeader("In-Reply-To", " ");
    String refs = mail.getHeader("References", " ");
    references.addAll(ids(inReplyTo));
    List<String> ownReferences = ids(refs);
    List<String> newestFirst = new ArrayList<>(ownReferences);
    java.util.Collections.reverse(newestFirst);
    for (String id : newestFirst) {
      if (!references.contains(id)) {
        references.add(id);
      }
    }
    Body body = new Body();
    collect(mail, body, maxAttachmentBytes);
    String text = body.plain != null ? body.plain : body.html != null ? htmlToText(body.html) : "";
    Instant sentAt = mail.getSentDate() != null ? mail.getSentDate().toInstant() : null;
    return new ReadMail(
        messageId != null ? messageId : fallbackId,
        address,
        sender == null ? null : sender.getPersonal(),
        mail.getSubject(),
        references,
        ownReferences,
        QuotedTextTrimmer.trim(text),
        body.attachments,
        automatic(mail, address),
        sentAt,
        urgent(mail));
  }

  /**
   * Whether the sender's mail program marked the mail as urgent: {@code Importance: high} (Outlook and
   * RFC 2156), {@code X-Priority: 1} or {@code 2} (most others), or {@code Priority: urgent} (RFC 2156).
   */
  static boolean urgent(MimeMessage mail) throws MessagingException {
    String importance = mail.getHeader("Importance", ",");
    String xPriority = mail.getHeader("X-Priority", ",");
    String priority = mail.getHeader("Priority", ",");
    return (importance != null && importance.strip().equalsIgnoreCase("high"))
        || (xPriority != null && xPriority.strip().matches("[12]\\b.*"))
        || (priority != null && priority.strip().equalsIgnoreCase("urgent"));
  }

  /**
   * Why the mail was sent by a machine, or null: RFC 3834 {@code Auto-Submitted}, the older
   * {@code Precedence} and {@code X-Autoreply} conventions, RFC 3462 reports (delivery status
   * notifications, read receipts), and mail from the mailer daemon.
   */
  static String automatic(MimeMessage mail, String fromAddress) throws MessagingException {
    String autoSubmitted = mail.getHeader("Auto-Submitted", ",");
    if (autoSubmitted != null && !autoSubmitted.trim().equalsIgnoreCase("no")) {
      return "Auto-Submitted: " + autoSubmitted.trim();
    }
    String precedence = mail.getHeader("Precedence", ",");
    if (precedence != null && AUTOMATIC_PRECEDENCE.contains(precedence.trim().toLowerCase(Locale.ROOT))) {
      return "Precedence: " + precedence.trim();
    }
    if (mail.getHeader("X-Autoreply") != null || mail.getHeader("X-Autorespond") != null) {
      return "X-Autoreply";
    }
    if (mail.isMimeType("multipart/report")) {
      return "a delivery or read report (multipart/report)";
    }
    if (fromAddress != null && DAEMONS.contains(fromAddress.substring(0, Math.max(0, fromAddress.indexOf('@'))))) {
      return "sent by " + fromAddress;
    }
    String returnPath = mail.getHeader("Return-Path", ",");
    if (returnPath != null && returnPath.trim().equals("<>")) {
      return "an empty Return-Path (a bounce)";
    }
    return null;
  }

  private static final class Body {
    String plain;
    String html;
    final List<ReadMail.MailAttachment> attachments = new ArrayList<>();
  }

  private static void collect(Part part, Body body, long maxAttachmentBytes) throws MessagingException, IOException {
    String fileName = part.getFileName();
    boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || (fileName != null && !part.isMimeType("multipart/*"));
    if (attachment) {
      body.attachments.add(attachment(part, fileName, maxAttachmentBytes));
    } else if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, body, maxAttachmentBytes);
      }
    } else if (part.isMimeType("text/plain") && body.plain == null) {
      body.plain = String.valueOf(part.getContent());
    } else if (part.isMimeType("text/html") && body.html == null) {
      body.html = String.valueOf(part.getContent());
    } else if (part.isMimeType("message/rfc822")) {
      body.attachments.add(attachment(part, "forwarded.eml", maxAttachmentBytes));
    }
  }

  private static ReadMail.MailAttachment attachment(Part part, String fileName, long maxBytes) throws MessagingException, IOException {
    String name = fileName == null ? "attachment" : MimeUtility.decodeText(fileName);
    String contentType = part.getContentType() == null ? "application/octet-stream" : part.getContentType().split(";")[0].trim();
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long size = 0;
    try (InputStream in = part.getInputStream()) {
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) != -1) {
        size += read;
        if (size <= maxBytes) {
          kept.write(buffer, 0, read);
        }
      }
    }
    return new ReadMail.MailAttachment(name, contentType, size, size <= maxBytes ? kept.toByteArray() : null);
  }

  /** HTML-only mails: the quoted part (Gmail, Outlook, Apple Mail mark it) goes, line breaks stay. */
  static String htmlToText(String html) {
    Document document = Jsoup.parse(html);
    document.select("blockquote, div.gmail_quote, div#appendonsend, div#divRplyFwdMsg, div.moz-cite-prefix").remove();
    document.select("br").after("\\n");
    document.select("p, div, tr, li, h1, h2, h3").before("\\n");
    String marked = Jsoup.clean(document.html(), "", Safelist.none(), new Document.OutputSettings().prettyPrint(false));
    String text = org.jsoup.parser.Parser.unescapeEntities(marked.replace("\\n", "\n"), false);
    return text.replaceAll("[ \t\u00a0]*\n[ \t\u00a0]*", "\n").replaceAll("\n{2,}", "\n").strip();
  }

  static List<String> ids(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    return Arrays.stream(header.split("[\\s,]+"))
        .map(MailReader::stripBrackets)
        .filter(id -> id != null && !id.isBlank())
        .toList();
  }

  static String stripBrackets(String id) {
    if (id == null) {
      return null;
    }
    String trimmed = id.trim();
    if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
      trimmed = trimmed.substring(1, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? null : trimmed;
  }
}
