package dev.openlines.connector.livechat;

import dev.openlines.api.ForbiddenException;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.channel.ClientMailSettings;
import dev.openlines.channel.ClientMailSettingsService;
import dev.openlines.security.SecretRedaction;

import dev.openlines.conversation.ConversationMessage;
import dev.openlines.conversation.ConversationMessageStore;
import dev.openlines.conversation.MessageAuthor;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Mails a visitor the transcript of their conversation, and an operator's new message while the visitor
 * is gone, in the language of the channel's client mails. The request is stored first; whether the mail
 * went out (or why not) is recorded on it.
 */
@Component
class LiveChatHistoryMail {

  private static final Logger log = LoggerFactory.getLogger(LiveChatHistoryMail.class);

  @Document("livechat_history_requests")
  record HistoryRequest(@Id String id, String sessionId, String conversationId, String email, Instant requestedAt,
      Instant sentAt, String failure) {}

  /** A new-message mail, once per operator message (its id). */
  @Document("livechat_message_mails")
  record NewMessageMail(@Id String messageId, String sessionId, String email, Instant queuedAt, Instant sentAt, String failure) {}

  private final MongoTemplate mongo;
  private final ConversationMessageStore messages;
  private final ObjectProvider<JavaMailSender> mail;
  private final LiveChatProperties properties;
  private final Clock clock;
  private final ClientMailSettingsService mailSettings;

  LiveChatHistoryMail(MongoTemplate mongo, ConversationMessageStore messages, ObjectProvider<JavaMailSender> mail,
      LiveChatProperties properties, Clock clock, ClientMailSettingsService mailSettings) {
    this.mailSettings = mailSettings;
    this.mongo = mongo;
    this.messages = messages;
    this.mail = mail;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Where the history of the visitor's chat may go: only the address the visitor gave when starting this
   * chat, so the endpoint can never mail a transcript (or anything else) to an address of someone else's
   * choosing. The visitor may name it again; another address is refused.
   *
   * @throws ForbiddenException when history mails are turned off
   * @throws InvalidRequestException when the chat has no address or another one is asked for
   */
  String recipient(LiveChatSession session, String asked) {
    if (!properties.historyMail()) {
      throw new ForbiddenException("Conversation history mails are turned off on this service");
    }
    if (session.email() == null) {
      throw new InvalidRequestException("email",
          "must be given when the chat starts: this chat was started without an e-mail address, and history is mailed only there");
    }
    if (asked != null && !asked.isBlank() && !asked.trim().equalsIgnoreCase(session.email())) {
      throw new InvalidRequestException("email", "must be the address this chat was started with, or left out");
    }
    return session.email();
  }

  HistoryRequest request(LiveChatSession session, String conversationId, String email) {
    HistoryRequest request = mongo.insert(
        new HistoryRequest(UUID.randomUUID().toString(), session.id(), conversationId, email, clock.instant(), null, null));
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      return recordFailure(request, "No SMTP server is configured (spring.mail.host)");
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(properties.mailFrom());
    message.setTo(email);
    ClientMailTexts texts = textsFor(session);
    message.setSubject(texts.historySubject());
    message.setText(transcript(conversationId, texts));
    try {
      sender.send(message);
    } catch (MailException e) {
      String failure = SecretRedaction.redact(e.getMessage());
      log.warn("History mail {} to the visitor of session {} failed: {}", request.id(), session.id(), failure);
      return recordFailure(request, failure);
    }
    mongo.updateFirst(Query.query(Criteria.where("_id").is(request.id())), new Update().set("sentAt", clock.instant()), HistoryRequest.class);
    return mongo.findById(request.id(), HistoryRequest.class);
  }

  private HistoryRequest recordFailure(HistoryRequest request, String failure) {
    mongo.updateFirst(Query.query(Criteria.where("_id").is(request.id())), new Update().set("failure", failure), HistoryRequest.class);
    return mongo.findById(request.id(), HistoryRequest.class);
  }

  /**
   * Both sides, oldest first, from the conversation's message store: what the visitor wrote and what
   * reached them. Notes for operators only and deleted messages stay out.
   */
  String transcript(String conversationId, ClientMailTexts texts) {
    return messages.history(conversationId).stream()
        .filter(message -> !message.isSilent() && message.getDeletedAt() == null)
        .map(message -> "[" + message.getCreatedAt() + "] " + who(message, texts) + ": " + (message.getText() == null ? "" : message.getText()))
        .collect(Collectors.joining("\n"));
  }

  private static String who(ConversationMessage message, ClientMailTexts texts) {
    return message.getAuthor() == MessageAuthor.CLIENT ? texts.you() : texts.operator();
  }

  private ClientMailTexts textsFor(LiveChatSession session) {
    return ClientMailTexts.of(session.channelId() == null ? "en" : mailSettings.of(session.channelId()).language());
  }

  /**
   * The channel's new-message mail for an operator's message the visitor may not see: sent when the
   * channel has it on, the visitor gave an e-mail address, and no widget of the chat has been connected
   * for the channel's {@code goneAfter} ({@code goneSince} says since when). Once per message; a failed
   * mail is recorded and never holds up the message itself.
   */
  void newMessageIfGone(LiveChatSession session, String messageId, String text, Instant goneSince) {
    if (session.email() == null || session.channelId() == null || goneSince == null) {
      return;
    }
    ClientMailSettings settings = mailSettings.of(session.channelId());
    if (!settings.newMessageMail() || goneSince.plus(settings.goneAfter()).isAfter(clock.instant())) {
      return;
    }
    try {
      mongo.insert(new NewMessageMail(messageId, session.id(), session.email(), clock.instant(), null, null));
    } catch (DuplicateKeyException mailedBefore) {
      return;
    }
    JavaMailSender sender = mail.getIfAvailable();
    String failure = null;
    if (sender == null) {
      failure = "No SMTP server is configured (spring.mail.host)";
    } else {
      ClientMailTexts texts = ClientMailTexts.of(settings.language());
      SimpleMailMessage message = new SimpleMailMessage();
      message.setFrom(properties.mailFrom());
      message.setTo(session.email());
      message.setSubject(texts.newMessageSubject());
      message.setText(texts.newMessageIntro() + "\n\n" + (text == null ? "" : text) + "\n\n" + texts.newMessageOutro());
      try {
        sender.send(message);
      } catch (MailException e) {
        failure = SecretRedaction.redact(e.getMessage());
        log.warn("New-message mail for message {} to the visitor of session {} failed: {}", messageId, session.id(), failure);
      }
    }
    mongo.updateFirst(Query.query(Criteria.where("_id").is(messageId)),
        failure == null ? new Update().set("sentAt", clock.instant()) : new Update().set("failure", failure), NewMessageMail.class);
  }
}
