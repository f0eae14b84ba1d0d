package dev.openlines.connector.email;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.openlines.connector.EmailSettings;
import dev.openlines.connector.MailSecurity;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;

/** A GreenMail server (SMTP + IMAP with IDLE) on free loopback ports, with the support mailbox a connector reads. */
final class GreenMailBox implements AutoCloseable {

  static final String SUPPORT = "support@openlines.test";
  static final String PASSWORD = "support-secret";

  final GreenMail server = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
  final GreenMailUser support;

  GreenMailBox() {
    server.start();
    support = server.setUser(SUPPORT, SUPPORT, PASSWORD);
  }

  /**
   * @param pollInterval ten minutes in tests that prove IDLE: a mail read within seconds cannot have been polled
   */
  EmailSettings settings(Duration pollInterval) {
    return new EmailSettings(SUPPORT, "ACME Support", "127.0.0.1", server.getImap().getPort(), MailSecurity.NONE,
        "127.0.0.1", server.getSmtp().getPort(), MailSecurity.NONE, SUPPORT, PASSWORD, pollInterval);
  }

  /** Puts the mail into the support INBOX as the server's delivery agent would. */
  void deliver(MimeMessage mail) {
    support.deliver(mail);
  }

  /** Mails the server accepted over SMTP for the given recipient. */
  java.util.List<MimeMessage> sentTo(String address) throws jakarta.mail.MessagingException {
    java.util.List<MimeMessage> found = new java.util.ArrayList<>();
    for (MimeMessage mail : server.getReceivedMessages()) {
      for (jakarta.mail.Address to : mail.getAllRecipients()) {
        if (to.toString().contains(address)) {
          found.add(mail);
        }
      }
    }
    return found;
  }

  @Override
  public void close() {
    server.stop();
  }
}
