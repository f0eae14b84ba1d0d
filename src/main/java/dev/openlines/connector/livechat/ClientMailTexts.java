package dev.openlines.connector.livechat;

import java.util.Map;

/**
 * The fixed words of the mails to live-chat visitors, in each language a channel may choose
 * ({@code ClientMailSettings.language}).
 */
record ClientMailTexts(
    String historySubject, String you, String operator, String newMessageSubject, String newMessageIntro, String newMessageOutro) {

  private static final Map<String, ClientMailTexts> BY_LANGUAGE = Map.of(
      "en", new ClientMailTexts("Your conversation with us", "You", "Operator",
          "You have a new message", "You have a new message in your chat with us:",
          "Open the chat on our website to reply."),
      "de", new ClientMailTexts("Ihr Gespräch mit uns", "Sie", "Mitarbeiter",
          "Sie haben eine neue Nachricht", "Sie haben eine neue Nachricht in Ihrem Chat mit uns:",
          "Öffnen Sie den Chat auf unserer Website, um zu antworten."),
      "ru", new ClientMailTexts("Ваш диалог с нами", "Вы", "Оператор",
          "У вас новое сообщение", "У вас новое сообщение в чате с нами:",
          "Откройте чат на нашем сайте, чтобы ответить."));

  /** English for a language no channel can choose (the settings are validated). */
  static ClientMailTexts of(String language) {
    return BY_LANGUAGE.getOrDefault(language, BY_LANGUAGE.get("en"));
  }
}
