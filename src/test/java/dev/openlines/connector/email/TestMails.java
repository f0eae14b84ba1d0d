package dev.openlines.connector.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Date;
import java.util.Properties;

/** Mails as clients' mail programs and mail servers write them, with the Message-ID the test chooses. */
final class TestMails {

  private static final Session SESSION = Session.getInstance(new Properties());

  private TestMails() {}

  static MimeMessage mail(String messageId, String from, String to, String subject, String text) throws MessagingException {
    MimeMessage mail = new FixedId(messageId);
    mail.setFrom(new InternetAddress(from));
    mail.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
    mail.setSubject(subject);
    mail.setSentDate(new Date());
    mail.setText(text, "UTF-8");
    mail.saveChanges();
    return mail;
  }

  static MimeMessage reply(String messageId, String from, String to, String subject, String text, String inReplyTo,
      String references) throws MessagingException {
    MimeMessage mail = mail(messageId, from, to, subject, text);
    mail.setHeader("In-Reply-To", "<" + inReplyTo + ">");
    mail.setHeader("References", references);
    mail.saveChanges();
    return mail;
  }

  static MimeMessage withAttachment(String messageId, String from, String to, String subject, String text, String fileName,
      byte[] content) throws MessagingException {
    MimeMessage mail = new FixedId(messageId);
    mail.setFrom(new InternetAddress(from));
    mail.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
    mail.setSubject(subject);
    MimeMultipart multipart = new MimeMultipart();
    MimeBodyPart body = new MimeBodyPart();
    body.setText(text, "UTF-8");
    multipart.addBodyPart(body);
    MimeBodyPart file = new MimeBodyPart();
    file.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(content, "application/pdf")));
    file.setFileName(fileName);
    file.setDisposition(MimeBodyPart.ATTACHMENT);
    multipart.addBodyPart(file);
    mail.setContent(multipart);
    mail.saveChanges();
    return mail;
  }

  /** An out-of-office answer as RFC 3834 says to mark it. */
  static MimeMessage outOfOffice(String messageId, String from, String to) throws MessagingException {
    MimeMessage mail = mail(messageId, from, to, "Automatic reply: Your request", "I am out of office until Monday.");
    mail.setHeader("Auto-Submitted", "auto-replied");
    mail.saveChanges();
    return mail;
  }

  /** A delivery status notification (RFC 3464) from the mailer daemon. */
  static MimeMessage bounce(String messageId, String to, String failedRecipient) throws MessagingException {
    MimeMessage mail = new FixedId(messageId);
    mail.setFrom(new InternetAddress("MAILER-DAEMON@mx.example.com", false));
    mail.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
    mail.setSubject("Undelivered Mail Returned to Sender");
    MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
    MimeBodyPart human = new MimeBodyPart();
    human.setText("I'm sorry to have to inform you that your message could not be delivered to " + failedRecipient + ".");
    report.addBodyPart(human);
    MimeBodyPart status = new MimeBodyPart();
    status.setContent("Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; " + failedRecipient
        + "\r\nAction: failed\r\nStatus: 5.1.1\r\n", "message/delivery-status");
    report.addBodyPart(status);
    mail.setContent(report);
    mail.saveChanges();
    return mail;
  }

  private static final class FixedId extends MimeMessage {
    private final String messageId;

    FixedId(String messageId) {
      super(SESSION);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", "<" + messageId + ">");
    }
  }
}
