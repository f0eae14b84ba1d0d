package dev.openlines.connector.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Replies as the common mail programs quote them. */
class QuotedTextTrimmerTest {

  @Test
  void gmailsAttributionAndEverythingBelowIsCut() {
    String reply = """
        Thanks, that worked.

        On Tue, 1 Dec 2026 at 10:15, OpenLines Support <support@openlines.test> wrote:
        > Please restart the router.
        >
        > Best regards
        """;
    assertThat(QuotedTextTrimmer.trim(reply)).isEqualTo("Thanks, that worked.");
  }

  @Test
  void anAttributionWrappedOverTwoLinesIsCutToo() {
    String reply = """
        Still broken.

        On Tue, Dec 1, 2026 at 10:15 AM OpenLines Support <support@openlines.test>
        wrote:
        > Please restart the router.
        """;
    assertThat(QuotedTextTrimmer.trim(reply)).isEqualTo("Still broken.");
  }

  @Test
  void outlooksHeaderBlockAndOriginalMessageAreCut() {
    String outlook = """
        I attach the invoice.

        From: OpenLines Support <support@openlines.test>
        Sent: Tuesday, December 1, 2026 10:15 AM
        To: Anna <anna@example.com>
        Subject: RE: Invoice
        """;
    String original = """
        Yes please.
        -----Original Message-----
        From: support@openlines.test
        """;
    assertThat(QuotedTextTrimmer.trim(outlook)).isEqualTo("I attach the invoice.");
    assertThat(QuotedTextTrimmer.trim(original)).isEqualTo("Yes please.");
  }

  @Test
  void germanAttributionSignatureAndPhoneFooterAreCut() {
    assertThat(QuotedTextTrimmer.trim("Danke!\n\nAm 01.12.2026 um 10:15 schrieb Support <support@openlines.test>:\n> Hallo"))
        .isEqualTo("Danke!");
    assertThat(QuotedTextTrimmer.trim("See you.\n-- \nAnna Schmidt\nACME GmbH\n+49 30 123456")).isEqualTo("See you.");
    assertThat(QuotedTextTrimmer.trim("On my way\n\nSent from my iPhone")).isEqualTo("On my way");
  }

  @Test
  void inlineAnswersBetweenQuotesAreKeptAndAMailThatIsOnlyAQuoteKeepsItsText() {
    String inline = """
        > Which model?
        The X200.
        > Since when?
        Since Monday.
        """;
    assertThat(QuotedTextTrimmer.trim(inline)).isEqualTo("> Which model?\nThe X200.\n> Since when?\nSince Monday.");
    assertThat(QuotedTextTrimmer.trim("> only a quote")).isEqualTo("> only a quote");
  }
}
