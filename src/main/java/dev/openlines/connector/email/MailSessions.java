package dev.openlines.connector.email;

import dev.openlines.connector.EmailSettings;
import dev.openlines.connector.MailSecurity;
import jakarta.mail.Session;
import java.util.Properties;

/** Jakarta Mail sessions for a connector's IMAP and SMTP servers. */
final class MailSessions {

  private MailSessions() {}

  static String imapProtocol(EmailSettings email) {
    return email.imapSecurity() == MailSecurity.TLS ? "imaps" : "imap";
  }

  static String smtpProtocol(EmailSettings email) {
    return email.smtpSecurity() == MailSecurity.TLS ? "smtps" : "smtp";
  }

  static Session imap(EmailSettings email, EmailProperties properties) {
    String protocol = imapProtocol(email);
    Properties props = new Properties();
    props.put("mail.store.protocol", protocol);
    props.put("mail." + protocol + ".host", email.imapHost());
    props.put("mail." + protocol + ".port", String.valueOf(email.imapPort()));
    props.put("mail." + protocol + ".connectiontimeout", String.valueOf(properties.timeout().toMillis()));
    // No read timeout: an IDLE connection is silent for as long as no mail arrives.
    props.put("mail." + protocol + ".writetimeout", String.valueOf(properties.timeout().toMillis()));
    if (email.imapSecurity() == MailSecurity.STARTTLS) {
      props.put("mail.imap.starttls.enable", "true");
      props.put("mail.imap.starttls.required", "true");
    }
    if (email.imapSecurity() != MailSecurity.NONE) {
      props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
    }
    return Session.getInstance(props);
  }

  static Session smtp(EmailSettings email, EmailProperties properties) {
    String protocol = smtpProtocol(email);
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put("mail." + protocol + ".host", email.smtpHost());
    props.put("mail." + protocol + ".port", String.valueOf(email.smtpPort()));
    props.put("mail." + protocol + ".auth", "true");
    props.put("mail." + protocol + ".connectiontimeout", String.valueOf(properties.timeout().toMillis()));
    props.put("mail." + protocol + ".timeout", String.valueOf(properties.timeout().toMillis()));
    props.put("mail." + protocol + ".writetimeout", String.valueOf(properties.timeout().toMillis()));
    if (email.smtpSecurity() == MailSecurity.STARTTLS) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    if (email.smtpSecurity() != MailSecurity.NONE) {
      props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
    }
    return Session.getInstance(props);
  }
}
