package dev.openlines.connector.email;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts what a reply repeats from earlier mails and the sender's signature off the text operators see:
 * the "On ... wrote:" line and everything below it (in the languages mail clients write it in),
 * Outlook's "-----Original Message-----" and "From:/Sent:" header blocks, a trailing block of
 * "&gt;" quotes, the RFC 3676 signature delimiter "-- " and "Sent from my phone" footers. The mail
 * itself is kept whole in the mailbox.
 */
final class QuotedTextTrimmer {

  private static final Pattern ATTRIBUTION = Pattern.compile(
      "^\\s*(On|Am|Le|El|Il|Op|Em|W dniu|Den)\\s.+\\s(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|napisał|skrev)(\\s.*)?:\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
      "^\\s*-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Исходное сообщение)\\s*-{2,}\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?(From|Von|De|Van|Od|От)\\s*:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER_NEXT = Pattern.compile(
      "^\\s*\\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Отправлено|To|An|À|Para|Aan|Subject|Betreff|Objet|Asunto)\\s*:.*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern SIGNATURE = Pattern.compile("^-- ?$");
  private static final Pattern MOBILE_FOOTER = Pattern.compile(
      "^\\s*(Sent from my \\w+|Sent from Mail for Windows|Get Outlook for \\w+|Von meinem \\w+ gesendet|Envoyé de mon \\w+).*$",
      Pattern.CASE_INSENSITIVE);

  private QuotedTextTrimmer() {}

  static String trim(String text) {
    if (text == null) {
      return "";
    }
    List<String> lines = List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    int cut = lines.size();
    for (int i = 0; i < lines.size() && cut == lines.size(); i++) {
      String line = lines.get(i);
      String withNext = i + 1 < lines.size() ? line + " " + lines.get(i + 1).trim() : line;
      if (ATTRIBUTION.matcher(line).matches() || ORIGINAL_MESSAGE.matcher(line).matches()
          || SIGNATURE.matcher(line).matches() || MOBILE_FOOTER.matcher(line).matches()
          || (HEADER_FROM.matcher(line).matches() && i + 1 < lines.size() && HEADER_NEXT.matcher(lines.get(i + 1)).matches())) {
        cut = i;
      } else if (!line.startsWith(">") && ATTRIBUTION.matcher(withNext).matches() && i + 1 < lines.size()) {
        cut = i; // attribution wrapped over two lines by the sender's client
      } else if (line.startsWith(">") && onlyQuotesFrom(lines, i)) {
        cut = i;
      }
    }
    String kept = String.join("\n", lines.subList(0, cut)).strip();
    // A mail that is nothing but a quote (e.g. forwarded as is) keeps its text rather than becoming empty.
    return kept.isEmpty() ? text.strip() : kept;
  }

  private static boolean onlyQuotesFrom(List<String> lines, int start) {
    return lines.subList(start, lines.size()).stream().allMatch(l -> l.isBlank() || l.startsWith(">"));
  }
}
