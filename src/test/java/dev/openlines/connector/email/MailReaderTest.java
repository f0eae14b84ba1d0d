package dev.openlines.connector.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** What the connector takes from a mail, and which mails it recognises as machine-written. */
class MailReaderTest {

  @Test
  void aReplyIsReadWithItsThreadNewestFirstAndItsQuoteTrimmed() throws Exception {
    MimeMessage reply = TestMails.reply("r2@example.com", "Anna Schmidt <Anna@Example.com>", "support@openlines.test",
        "Re: Router", "It works now.\n\nOn Tue, 1 Dec 2026, Support <support@openlines.test> wrote:\n> Restart it.",
        "openlines.m1@openlines.test", "<root@example.com> <openlines.m1@openlines.test>");

    ReadMail read = MailReader.read(reply, "fallback", 1000);

    assertThat(read.messageId()).isEqualTo("r2@example.com");
    assertThat(read.fromAddress()).isEqualTo("anna@example.com");
    assertThat(read.fromName()).isEqualTo("Anna Schmidt");
    assertThat(read.references()).containsExactly("openlines.m1@openlines.test", "root@example.com");
    assertThat(read.text()).isEqualTo("It works now.");
    assertThat(read.automatic()).isNull();
  }

  @Test
  void autoRepliesListMailAndBouncesAreRecognised() throws Exception {
    MimeMessage bulk = TestMails.mail("b@example.com", "news@example.com", "support@openlines.test", "News", "x");
    bulk.setHeader("Precedence", "bulk");
    MimeMessage human = TestMails.mail("h@example.com", "anna@example.com", "support@openlines.test", "Hi", "x");
    human.setHeader("Auto-Submitted", "no");

    assertThat(MailReader.read(TestMails.outOfOffice("o@example.com", "bob@example.com", "support@openlines.test"), "f", 1000)
        .automatic()).isEqualTo("Auto-Submitted: auto-replied");
    assertThat(MailReader.read(bulk, "f", 1000).automatic()).isEqualTo("Precedence: bulk");
    assertThat(MailReader.read(TestMails.bounce("d@mx.example.com", "support@openlines.test", "gone@example.com"), "f", 1000)
        .automatic()).contains("multipart/report");
    assertThat(MailReader.read(human, "f", 1000).automatic()).isNull();
  }

  @Test
  void aMailMarkedUrgentByAnyOfTheUsualHeadersIsUrgent() throws Exception {
    MimeMessage outlook = TestMails.mail("u1@example.com", "anna@example.com", "support@openlines.test", "Down", "x");
    outlook.setHeader("Importance", "High");
    MimeMessage thunderbird = TestMails.mail("u2@example.com", "anna@example.com", "support@openlines.test", "Down", "x");
    thunderbird.setHeader("X-Priority", "1 (Highest)");
    MimeMessage normal = TestMails.mail("u3@example.com", "anna@example.com", "support@openlines.test", "Hi", "x");
    normal.setHeader("X-Priority", "3 (Normal)");
    MimeMessage plain = TestMails.mail("u4@example.com", "anna@example.com", "support@openlines.test", "Hi", "x");

    assertThat(MailReader.read(outlook, "f", 1000).urgent()).isTrue();
    assertThat(MailReader.read(thunderbird, "f", 1000).urgent()).isTrue();
    assertThat(MailReader.read(normal, "f", 1000).urgent()).isFalse();
    assertThat(MailReader.read(plain, "f", 1000).urgent()).isFalse();
  }

  @Test
  void anHtmlOnlyMailLosesItsQuotedPartAndKeepsLineBreaks() {
    String html = "<html><body><div>Hello,<br>the printer is jammed.</div><p>Anna</p>"
        + "<div class=\"gmail_quote\">On Mon wrote:<blockquote>old text</blockquote></div></body></html>";

    assertThat(MailReader.htmlToText(html)).isEqualTo("Hello,\nthe printer is jammed.\nAnna");
  }

  @Test
  void attachmentsOverTheLimitKeepTheirSizeButNoContent() throws Exception {
    MimeMessage small = TestMails.withAttachment("a1@example.com", "anna@example.com", "support@openlines.test", "Files", "See file",
        "small.pdf", new byte[100]);
    MimeMessage large = TestMails.withAttachment("a2@example.com", "anna@example.com", "support@openlines.test", "Files", "See file",
        "large.pdf", new byte[5000]);

    ReadMail.MailAttachment kept = MailReader.read(small, "f", 1000).attachments().getFirst();
    ReadMail.MailAttachment dropped = MailReader.read(large, "f", 1000).attachments().getFirst();

    assertThat(kept.name()).isEqualTo("small.pdf");
    assertThat(kept.size()).isEqualTo(100);
    assertThat(kept.content()).hasSize(100);
    assertThat(dropped.size()).isEqualTo(5000);
    assertThat(dropped.content()).isNull();
  }
}
