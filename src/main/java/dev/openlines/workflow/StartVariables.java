package dev.openlines.workflow;

/**
 * The variables a process starts with (a conversation's instance created at its start, the message
 * {@code crm-form-submitted}, or a recreated instance after a restart): which conversation, client and channel it is about, and the
 * channel's settings the model branches on. Part of {@link Workflow.Variable}; read them from there.
 */
public interface StartVariables {

  String CONVERSATION_ID = "conversationId";
  String CHANNEL_ID = "channelId";
  String CONNECTOR_TYPE = "connectorType";
  String CLIENT_ID = "clientId";
  /** The connector instance the client wrote on (one per type per open channel). */
  String CONNECTOR_ID = "connectorId";
  /** The stored client message that started the conversation or was published as {@code client-message}. */
  String CLIENT_MESSAGE_ID = "clientMessageId";
  /** What the client's messenger told about them (any may be absent): input of {@code crm.identify}. */
  String CLIENT_NAME = "clientName";
  String CLIENT_PHONE = "clientPhone";
  String CLIENT_EMAIL = "clientEmail";
  /** The channel's lead-creation setting ({@code dev.openlines.channel.LeadCreationMode}), input of the DMN. */
  String LEAD_CREATION_MODE = "leadCreationMode";
  /** The channel's CRM setting "route to the responsible person", an input of the distribution decision. */
  String ROUTE_TO_RESPONSIBLE = "routeToResponsible";
  /** The channel's CRM setting "change responsible on transfer", read by the gateway after a transfer. */
  String CHANGE_RESPONSIBLE_ON_TRANSFER = "changeResponsibleOnTransfer";
  // The channel settings below arrive with the start variables (ConversationStartVariables), once per
  // conversation; a recreated process gets them again from ConversationRecovery.
  /** Off hours, go to the queue instead of waiting for the opening. */
  String QUEUE_OUTSIDE_WORKING_HOURS = "queueOutsideWorkingHours";
  /** ISO duration the client may still rate after closing (PT0S = none). */
  String RATING_WAIT = "ratingWait";
  /** A client rating ends the rating wait at once. */
  String CLOSE_ON_RATING = "closeOnRating";
  /** The channel's chat bot answers first. */
  String BOT_ENABLED = "botEnabled";
  /** ISO duration the bot may stay silent before operators take over. */
  String BOT_SILENCE_TIMEOUT = "botSilenceTimeout";
  /** ISO duration the operators' first reply may take; null when the channel does not track it. */
  String FIRST_RESPONSE_LIMIT = "firstResponseLimit";
  /** The channel has a consent notice or a greeting to send when a conversation opens. */
  String WELCOME_TEXTS_SET = "welcomeTextsSet";
  /** The no-answer text goes out when no operator answered within {@link #NO_ANSWER_AFTER}. */
  String NO_ANSWER_TEXT_ON = "noAnswerTextOn";
  /** ISO duration routing may take before the no-answer text (timer "Nobody answered in time"). */
  String NO_ANSWER_AFTER = "noAnswerAfter";
  /** The channel answers the client's later messages with its automatic text while no operator has the conversation. */
  String NEW_MESSAGE_REPLY_ON = "newMessageReplyOn";
  /** The channel looks the client up in the CRM (gateway "Check the client in the CRM?"). */
  String CRM_CHECK_ON = "crmCheckOn";
  /** The channel's chat tracker recognises returning clients ("Recognise the client" output). */
  String CHAT_TRACKER_ON = "chatTrackerOn";
  /**
   * ISO-8601 date-time the first-reply limit counts from, the client's first message;
   * {@code bot.hand-to-operators} moves it to the hand-off (the bot's time is not the operators').
   */
  String FIRST_REPLY_COUNTS_FROM = "firstReplyCountsFrom";
  /** A CRM form submission: its id (the correlation key of its process), its form, the form's lead-or-deal choice. */
  String SUBMISSION_ID = "submissionId";
  String FORM_ID = "formId";
  /** Input of {@code crm-form-result.dmn}: the form's setting {@code dev.openlines.crmform.FormResult}. */
  String FORM_CREATES = "formCreates";
  /** Of a conversation an operator started (POST /api/conversations): who started it. */
  String STARTED_BY_OPERATOR_ID = "startedByOperatorId";
}
