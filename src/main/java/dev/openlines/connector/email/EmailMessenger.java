package dev.openlines.connector.email;

import dev.openlines.connector.ClientMessenger;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.connector.ConnectorTypes;
import dev.openlines.connector.DeliveryException;
import dev.openlines.connector.EmailSettings;
import dev.openlines.connector.OutboundMessage;
import dev.openlines.conversation.ProviderDeliveries;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.stereotype.Component;

/**
 * Sends operator replies over the connector's SMTP server, as answers to the client's newest mail
 * of the conversation: {@code Re:} its subject, {@code In-Reply-To} its Message-ID and
 * {@code References} the thread, so the client's mail program shows the reply in the thread. The
 * reply's own Message-ID joins the thread, so the client's answer to it finds the conversation.
 * SMTP 5xx answers (no such mailbox, refused) are permanent, 4xx and connection failures temporary.
 */
@Component
class EmailMessenger implements ClientMessenger {

  private final ConnectorSettingsService connectors;
  private final EmailProperties properties;
  private final EmailThreads threads;
  private final EmailAttachments files;
  private final ProviderDeliveries deliveries;
  private final java.time.Clock clock;

  EmailMessenger(ConnectorSettingsService connectors, EmailProperties properties, EmailThreads threads, EmailAttachments files,
      ProviderDeliveries deliveries, java.time.Clock clock) {
    this.connectors = connectors;
    this.properties = properties;
    this.threads = threads;
    this.files = files;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  @Override
  public String connectorType() {
    return ConnectorTypes.EMAIL;
  }

  @Override
  public void deliver(OutboundMessage message) throws DeliveryException {
    EmailSettings email = connectors.forDelivery(message.connectorId(), ConnectorTypes.EMAIL, "e-mail").email();
    String part = message.messageId() + ":mail";
    if (deliveries.delivered(part)) {
      return;
    }
    String messageId = messageIdOf(message.messageId(), email.address());
    Session session = MailSessions.smtp(email, properties);
    MimeMessage mail;
    try {
      mail = compose(session, email, message, messageId);
    } catch (MessagingException | UnsupportedEncodingException e) {
      throw DeliveryException.permanent("The reply cannot be written as a mail: " + e.getMessage());
    }
    send(session, email, mail);
    threads.remember(message.connectorId(), messageId, message.clientId());
    deliveries.record(part, message.connectorId(), message.messageId(), messageId);
  }

  private MimeMessage compose(Session session, EmailSettings email, OutboundMessage message, String messageId)
      throws MessagingException, UnsupportedEncodingException {
    EmailThreads.ConversationThread thread = threads.ofConversation(message.conversationId()).orElse(null);
    MimeMessage mail = new FixedIdMessage(session, "<" + messageId + ">");
    mail.setFrom(new InternetAddress(email.address(), email.displayName(), "UTF-8"));
    mail.setRecipient(Message.RecipientType.TO, new InternetAddress(message.clientId()));
    mail.setSubject(subject(thread), "UTF-8");
    mail.setSentDate(Date.from(clock.instant()));
    if (thread != null && thread.lastClientMessageId() != null) {
      mail.setHeader("In-Reply-To", "<" + thread.lastClientMessageId() + ">");
      mail.setHeader("References", thread.references().stream().map(id -> "<" + id + ">").collect(Collectors.joining(" ")));
    }
    String text = message.text() == null ? "" : message.text();
    List<OutboundMessage.Attachment> attachments = message.attachments();
    List<OutboundMessage.Attachment> links = attachments.stream().filter(a -> files.load(a.url()).isEmpty()).toList();
    if (!links.isEmpty()) {
      text = text + "\n\n" + links.stream().map(a -> a.name() + ": " + a.url()).collect(Collectors.joining("\n"));
    }
    if (attachments.size() == links.size()) {
      mail.setText(text, "UTF-8");
    } else {
      MimeMultipart multipart = new MimeMultipart();
      MimeBodyPart body = new MimeBodyPart();
      body.setText(text, "UTF-8");
      multipart.addBodyPart(body);
      for (OutboundMessage.Attachment attachment : attachments) {
        var stored = files.load(attachment.url());
        if (stored.isPresent()) {
          MimeBodyPart file = new MimeBodyPart();
          file.setDataHandler(new jakarta.activation.DataHandler(
              new ByteArrayDataSource(stored.get().content().getData(), stored.get().contentType())));
          file.setFileName(attachment.name());
          multipart.addBodyPart(file);
        }
      }
      mail.setContent(multipart);
    }
    return mail;
  }

  private static String subject(EmailThreads.ConversationThread thread) {
    String original = thread == null || thread.subject() == null || thread.subject().isBlank() ? "Your request" : thread.subject().strip();
    return original.toLowerCase(Locale.ROOT).startsWith("re:") ? original : "Re: " + original;
  }

  private static void send(Session session, EmailSettings email, MimeMessage mail) throws DeliveryException {
    try (Transport transport = session.getTransport(MailSessions.smtpProtocol(email))) {
      transport.connect(email.smtpHost(), email.smtpPort(), email.username(), email.password());
      transport.sendMessage(mail, mail.getAllRecipients());
    } catch (AuthenticationFailedException e) {
      throw DeliveryException.permanent("The SMTP server refused the login: check the connector's username and password");
    } catch (SMTPAddressFailedException e) {
      throw e.getReturnCode() >= 500
          ? DeliveryException.permanent("The SMTP server refused the client's address: " + e.getMessage().strip())
          : DeliveryException.temporary("The SMTP server deferred the client's address: " + e.getMessage().strip(), Duration.ZERO, e);
    } catch (SMTPSendFailedException e) {
      throw e.getReturnCode() >= 500
          ? DeliveryException.permanent("The SMTP server refused the mail: " + e.getMessage().strip())
          : DeliveryException.temporary("The SMTP server deferred the mail: " + e.getMessage().strip(), Duration.ZERO, e);
    } catch (SendFailedException e) {
      throw DeliveryException.permanent("The SMTP server refused the mail: " + e.getMessage());
    } catch (MessagingException e) {
      throw DeliveryException.temporary("The SMTP server is unreachable: " + e.getMessage(), Duration.ZERO, e);
    }
  }

  /** One Message-ID per OpenLines message, so a retried send is recognisable as the same mail. */
  static String messageIdOf(String openLinesMessageId, String mailboxAddress) {
    String local = openLinesMessageId.replaceAll("[^A-Za-z0-9.-]", "-");
    String domain = mailboxAddress.substring(mailboxAddress.indexOf('@') + 1);
    return "openlines." + local + "@" + domain;
  }

  /** Jakarta Mail replaces the Message-ID when saving; this keeps the one OpenLines chose. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
