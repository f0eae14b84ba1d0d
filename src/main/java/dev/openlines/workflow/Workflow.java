package dev.openlines.workflow;

/**
 * Process ids, job types, message names and variable names shared by the models in bpmn/ and dmn/
 * and the Java code. A model and its worker meet here: change both together.
 */
public final class Workflow {

  private Workflow() {}

  /** Process ids (the {@code id} of the {@code bpmn:process} element). */
  public static final class Process {
    public static final String CONVERSATION = "conversation";
    /** One instance per CRM web form submission: lead or deal, and who is responsible for it. */
    public static final String CRM_FORM_SUBMISSION = "crm-form-submission";

    private Process() {}
  }

  /** Decision ids of the tables in dmn/. */
  public static final class Decision {
    public static final String DISTRIBUTION = "distribution";
    public static final String LEAD_CREATION = "lead-creation";
    /** Lead or deal for a CRM web form submission ({@code dmn/crm-form-result.dmn}). */
    public static final String CRM_FORM_RESULT = "crm-form-result";

    private Decision() {}
  }

  /** Job types of the service tasks ({@code zeebe:taskDefinition type}). */
  public static final class Job {
    public static final String RECORD_STATUS = "conversation.record-status";
    /** First step of every conversation process: records its instance key on the conversation (once). */
    public static final String LINK_PROCESS = "conversation.link-process";
    /**
     * The channel settings the process branches on. Not in the current model (they arrive with the start
     * message): the worker stays for instances of earlier model versions still running on a cluster.
     */
    public static final String READ_CHANNEL_SETTINGS = "channel.read-settings";
    public static final String SEND_MESSAGE = "message.send";
    public static final String CRM_IDENTIFY = "crm.identify";
    public static final String CRM_CREATE_LEAD = "crm.create-lead";
    public static final String CRM_SAVE_LOG = "crm.save-log";
    public static final String CRM_ASSIGN_RESPONSIBLE = "crm.assign-responsible";
    /** After a transfer to an operator, where the channel hands responsibility over: that operator becomes responsible. */
    public static final String CRM_TRANSFER_RESPONSIBLE = "crm.transfer-responsible";
    public static final String ROUTING_OFFER = "routing.offer";
    public static final String ROUTING_RELEASE = "routing.release";
    /** A colleague takes the conversation over: assignment and slot move to them. */
    public static final String ROUTING_HAND_OVER = "routing.hand-over";
    /** The holder transferred the conversation: their slot is freed before routing starts again. */
    public static final String ROUTING_TRANSFER = "routing.transfer";
    public static final String ROUTING_CHECK_RESPONSIBLE = "routing.check-responsible";
    public static final String KPI_NOTIFY = "kpi.notify";
    /** CRM form: finds the submitting client in the CRM by e-mail or phone (chat tracker). */
    public static final String CRM_FORM_IDENTIFY = "crm-form.identify";
    /** CRM form: a known client's submission goes to their responsible person. */
    public static final String CRM_FORM_CLIENT_RESPONSIBLE = "crm-form.client-responsible";
    /** CRM form: the next person of the form's list, in order, who is clocked in and online; null when nobody is. */
    public static final String CRM_FORM_NEXT_AVAILABLE = "crm-form.next-available";
    /** CRM form: the next person of the form's list in turn, present or not (everyone is busy). */
    public static final String CRM_FORM_NEXT_IN_TURN = "crm-form.next-in-turn";
    /** CRM form: creates the submission's lead or deal with its responsible person. */
    public static final String CRM_FORM_CREATE = "crm-form.create";
    /** Is the channel open now? Returns {@code withinWorkingHours} and {@code nextOpening}. */
    public static final String HOURS_CHECK = "hours.check";
    /** When does the operator's reply become late? Returns {@code kpiDueAt}. */
    public static final String KPI_START_CLOCK = "kpi.start-clock";
    /** Puts the conversation's client on the spam list of its connector. */
    public static final String FLAG_SPAM = "conversation.flag-spam";
    /** Stores a timer's deadline on the conversation (restart safety) and returns it for the timer. */
    public static final String SET_DEADLINE = "conversation.set-deadline";
    /** Removes a deadline once the awaited thing happened. */
    public static final String CLEAR_DEADLINE = "conversation.clear-deadline";
    /** Tells the channel's chat bot (its webhook) about the new conversation and the client's first message. */
    public static final String BOT_START = "bot.start";
    /** Forwards a client message written during the bot phase to the chat bot's webhook. */
    public static final String BOT_FORWARD = "bot.forward";
    /** The bot phase is over: the conversation waits for operators (status WAITING, silence deadline cleared). */
    public static final String BOT_HAND_TO_OPERATORS = "bot.hand-to-operators";
    /** Conversation timeout: when the running clock runs out; returns {@code inactivityTimeoutAt} or null. */
    public static final String SILENCE_DEADLINE = "conversation.silence-deadline";
    /** Conversation timeout: is the client still silent? Returns {@code closeForSilence}, {@code autoCloseText}. */
    public static final String SILENCE_DECIDE = "conversation.silence-decide";
    /** Conversation timeout: publishes {@code conversation-closed}, so the conversation closes the normal way. */
    public static final String SILENCE_CLOSE = "conversation.silence-close";
    /** Rating wait: did the client come back, is the wait over? Returns {@code ratingWaitOutcome}. */
    public static final String CHECK_RATING_WAIT = "conversation.check-rating-wait";
    /** The client came back during the rating wait: same operator, slot reserved again, IN_PROGRESS. */
    public static final String REOPEN = "conversation.reopen";
    /** An operator started the conversation: it becomes theirs (offered to them only and taken for them). */
    public static final String OPERATOR_START_ASSIGN = "operator-start.assign";
    /** An operator started the conversation: the text they wrote then goes to the client, once. */
    public static final String OPERATOR_START_SEND_FIRST_TEXT = "operator-start.send-first-text";

    private Job() {}
  }

  /** Message names; every message is correlated by the conversation id. */
  public static final class Message {
    /**
     * Starts a conversation's process (message start event), correlation key = conversation id: the
     * engine starts no second instance while one it started with the same key is active.
     */
    public static final String CONVERSATION_OPENED = "conversation-opened";
    public static final String CLIENT_MESSAGE = "client-message";
    public static final String CONVERSATION_ANSWERED = "conversation-answered";
    public static final String OFFER_SKIPPED = "offer-skipped";
    public static final String OPERATOR_AVAILABLE = "operator-available";
    public static final String OPERATOR_REPLIED = "operator-replied";
    public static final String TRANSFER = "transfer";
    public static final String INTERCEPT = "intercept";
    /** The chat bot hands the conversation to the operators (bot API). */
    public static final String BOT_HANDOFF = "bot-handoff";
    /** The chat bot closed the conversation itself (bot API). */
    public static final String BOT_CLOSED = "bot-closed";
    /** The chat bot sent the client a message (bot API): its silence starts again. */
    public static final String BOT_REPLIED = "bot-replied";
    /**
     * A client message for the chat bot, published beside {@code client-message} while the conversation may
     * be with the bot: Zeebe correlates one message only once per process instance, and the process-level
     * {@code reply-watch} already takes every {@code client-message}.
     */
    public static final String BOT_CLIENT_MESSAGE = "bot-client-message";
    public static final String CONVERSATION_CLOSED = "conversation-closed";
    public static final String CLIENT_RATED = "client-rated";
    public static final String SPAM = "spam";
    /** An operator's message waits for the client's reply: starts the conversation-timeout watch. */
    public static final String WAITING_FOR_CLIENT = "waiting-for-client";
    /** The client wrote during the rating wait (published besides client-message): reopen. */
    public static final String CLIENT_RETURNED = "client-returned";
    /** Starts a {@code crm-form-submission} process; correlation key = the submission id. */
    public static final String CRM_FORM_SUBMITTED = "crm-form-submitted";

    private Message() {}
  }

  /** Error codes of the BPMN errors workers throw; a model catches them with error boundary events. */
  public static final class Error {
    /** {@code crm.identify}: the job has no connector type or client id, so nobody can be recognised. */
    public static final String CRM_CLIENT_UNIDENTIFIABLE = "CRM_CLIENT_UNIDENTIFIABLE";
    /** {@code crm.create-lead}, {@code crm.save-log}: the conversation was never linked to a CRM contact. */
    public static final String CRM_NO_CONTACT = "CRM_NO_CONTACT";
    /** The conversation id of the instance is not in the store. */
    public static final String UNKNOWN_CONVERSATION = "UNKNOWN_CONVERSATION";
    /** {@code bot.start}, {@code bot.forward}: the chat bot refused the call or stayed unreachable after every retry. */
    public static final String BOT_UNREACHABLE = "BOT_UNREACHABLE";
    /** {@code operator-start.assign}: the operator who started the conversation is offline or at their limit now. */
    public static final String OPERATOR_CANNOT_TAKE = "OPERATOR_CANNOT_TAKE";

    private Error() {}
  }

  /** Process variable names. */
  public static final class Variable {
    public static final String CONVERSATION_ID = "conversationId";
    public static final String CHANNEL_ID = "channelId";
    public static final String CONNECTOR_TYPE = "connectorType";
    public static final String CLIENT_ID = "clientId";
    /** The connector instance the client wrote on (one per type per open channel). */
    public static final String CONNECTOR_ID = "connectorId";
    /** The stored client message that started the conversation or was published as {@code client-message}. */
    public static final String CLIENT_MESSAGE_ID = "clientMessageId";
    /** The client's rating, 1-5, sent with {@code client-rated}. */
    public static final String CLIENT_RATING = "clientRating";
    public static final String CLIENT_RATING_COMMENT = "clientRatingComment";
    public static final String OPERATOR_ID = "operatorId";
    public static final String CONTACT_ID = "contactId";
    /** What the client's messenger told about them (any may be absent): input of {@code crm.identify}. */
    public static final String CLIENT_NAME = "clientName";
    public static final String CLIENT_PHONE = "clientPhone";
    public static final String CLIENT_EMAIL = "clientEmail";
    /** Output of {@code crm.identify}: the contact existed before this conversation. */
    public static final String CLIENT_RECOGNISED = "clientRecognised";
    /** Output of {@code crm.identify}: the contact card has a phone number or an e-mail address. */
    public static final String HAS_CONTACT_DETAILS = "hasContactDetails";
    /** Output of {@code crm.identify}: the operator responsible for the client in the CRM, or null. */
    public static final String RESPONSIBLE_OPERATOR_ID = "responsibleOperatorId";
    /** CRM form: the client's responsible person is at work now (not dismissed, on vacation, on a break or clocked out). */
    public static final String RESPONSIBLE_AT_WORK = "responsibleAtWork";
    /** {@code conversation.set-deadline}: the instant itself (ISO-8601 date-time), instead of {@code deadlineIn}. */
    public static final String DEADLINE_AT = "deadlineAt";
    /** The channel's lead-creation setting ({@code dev.openlines.channel.LeadCreationMode}), input of the DMN. */
    public static final String LEAD_CREATION_MODE = "leadCreationMode";
    /** Start variable: the channel's CRM setting "route to the responsible person", an input of the distribution decision. */
    public static final String ROUTE_TO_RESPONSIBLE = "routeToResponsible";
    /** Start variable: the channel's CRM setting "change responsible on transfer", read by the gateway after a transfer. */
    public static final String CHANGE_RESPONSIBLE_ON_TRANSFER = "changeResponsibleOnTransfer";
    // The channel settings below arrive with the start message (ConversationStartVariables), once per
    // conversation; a recreated process gets them again from ConversationRecovery.
    /** Start variable: off hours, go to the queue instead of waiting for the opening. */
    public static final String QUEUE_OUTSIDE_WORKING_HOURS = "queueOutsideWorkingHours";
    /** Start variable: ISO duration the client may still rate after closing (PT0S = none). */
    public static final String RATING_WAIT = "ratingWait";
    /** Start variable: a client rating ends the rating wait at once. */
    public static final String CLOSE_ON_RATING = "closeOnRating";
    /** Start variable: the channel's chat bot answers first. */
    public static final String BOT_ENABLED = "botEnabled";
    /** Start variable: ISO duration the bot may stay silent before operators take over. */
    public static final String BOT_SILENCE_TIMEOUT = "botSilenceTimeout";
    /** Start variable: ISO duration the operators' first reply may take; null when the channel does not track it. */
    public static final String FIRST_RESPONSE_LIMIT = "firstResponseLimit";
    /** Start variable: the channel has a consent notice or a greeting to send when a conversation opens. */
    public static final String WELCOME_TEXTS_SET = "welcomeTextsSet";
    /** Start variable: the no-answer text goes out when no operator answered within {@link #NO_ANSWER_AFTER}. */
    public static final String NO_ANSWER_TEXT_ON = "noAnswerTextOn";
    /** Start variable: ISO duration routing may take before the no-answer text (timer "Nobody answered in time"). */
    public static final String NO_ANSWER_AFTER = "noAnswerAfter";
    /**
     * ISO date-time "Nobody answered in time" fires at, set by "No-answer clock started" each time the
     * conversation needs an operator; kept with the routing state so that a recovered process keeps it.
     */
    public static final String NO_ANSWER_AT = "noAnswerAt";
    /** Start variable: the channel answers the client's later messages with its automatic text while no operator has the conversation. */
    public static final String NEW_MESSAGE_REPLY_ON = "newMessageReplyOn";
    /** Start variable: the channel looks the client up in the CRM (gateway "Check the client in the CRM?"). */
    public static final String CRM_CHECK_ON = "crmCheckOn";
    /** Start variable: the channel's chat tracker recognises returning clients ("Recognise the client" output). */
    public static final String CHAT_TRACKER_ON = "chatTrackerOn";
    /**
     * Start variable: ISO-8601 date-time the first-reply limit counts from, the client's first message;
     * {@code bot.hand-to-operators} moves it to the hand-off (the bot's time is not the operators').
     */
    public static final String FIRST_REPLY_COUNTS_FROM = "firstReplyCountsFrom";
    /** Output of the {@code lead-creation} DMN ({@code dev.openlines.crm.LeadAction}). */
    public static final String LEAD_ACTION = "leadAction";
    /** Output of {@code crm.create-lead}: the lead or the deal created for this conversation. */
    public static final String LEAD_ID = "leadId";
    /** A CRM form submission: its id (the correlation key of its process), its form, the form's lead-or-deal choice. */
    public static final String SUBMISSION_ID = "submissionId";
    public static final String FORM_ID = "formId";
    /** Input of {@code crm-form-result.dmn}: the form's setting {@code dev.openlines.crmform.FormResult}. */
    public static final String FORM_CREATES = "formCreates";
    /** CRM form: the operator who gets the submission's lead or deal, and why ({@code FormSubmission.Assignment}). */
    public static final String ASSIGNEE_OPERATOR_ID = "assigneeOperatorId";
    public static final String ASSIGNED_BY = "assignedBy";
    public static final String DEAL_ID = "dealId";
    /** Boolean from {@code hours.check}; a start variable (true) when the channel has no working hours. */
    public static final String WITHIN_WORKING_HOURS = "withinWorkingHours";
    /**
     * ISO-8601 date-time from {@code hours.check}: when the channel opens (now when open); absent
     * when it never opens. Usable directly as a timer's {@code timeDate}.
     */
    public static final String NEXT_OPENING = "nextOpening";
    /** Input of {@code message.send} when it has neither a template nor a text header. */
    public static final String MESSAGE_TEXT = "messageText";
    /**
     * Boolean from {@code message.send}: true when the messenger accepted the text; false when the text
     * was empty (automatic message off), refused, or queued for a retry.
     */
    public static final String MESSAGE_SENT = "messageSent";
    /** From {@code message.send}: the id of the message it stored and delivered. */
    public static final String SENT_MESSAGE_ID = "sentMessageId";
    /**
     * Boolean from {@code message.send}: the messenger refused the message for good (e.g. the client
     * blocked the bot). The refusal is recorded on the conversation and the message; the process goes on.
     */
    public static final String DELIVERY_REFUSED = "deliveryRefused";
    /**
     * Boolean from {@code message.send}: the messenger is unreachable for now; the message is stored and
     * delivered by the background retry once it is back. The process goes on.
     */
    public static final String DELIVERY_QUEUED = "deliveryQueued";
    /** With {@code deliveryRefused}: the messenger's reason. */
    public static final String DELIVERY_ERROR = "deliveryError";
    /**
     * ISO-8601 date-time from {@code kpi.start-clock}: when the reply becomes late (timer timeDate);
     * null when the channel does not track that limit.
     */
    public static final String KPI_DUE_AT = "kpiDueAt";
    /** Input of {@code conversation.set-deadline}: ISO-8601 duration from now, e.g. PT30M. */
    public static final String DEADLINE_IN = "deadlineIn";
    /** Output of {@code conversation.set-deadline} (header deadline=OFFER_EXPIRY). */
    public static final String OFFER_EXPIRES_AT = "offerExpiresAt";
    /** Output of {@code conversation.set-deadline} (header deadline=INACTIVITY_TIMEOUT). */
    public static final String INACTIVITY_TIMEOUT_AT = "inactivityTimeoutAt";
    /** Output of {@code conversation.silence-decide}: the client stayed silent, close now. */
    public static final String CLOSE_FOR_SILENCE = "closeForSilence";
    /** Output of {@code conversation.silence-decide}: the channel's auto-close text (empty = none). */
    public static final String AUTO_CLOSE_TEXT = "autoCloseText";
    /** Output of {@code conversation.check-rating-wait}: REOPEN, OVER or KEEP_WAITING. */
    public static final String RATING_WAIT_OUTCOME = "ratingWaitOutcome";
    /** Output of {@code conversation.set-deadline} (header deadline=RATING_WAIT_END). */
    public static final String RATING_WAIT_ENDS_AT = "ratingWaitEndsAt";
    /** Output of {@code conversation.set-deadline} (header deadline=REOPENING). */
    public static final String REOPENS_AT = "reopensAt";
    /** Output of {@code conversation.set-deadline} (header deadline=BOT_SILENCE): operators take over then. */
    public static final String BOT_SILENT_UNTIL = "botSilentUntil";

    // Inputs of the decision table "distribution" besides clientRecognised, responsibleOperatorId
    // and withinWorkingHours above (missing ones read as null and match "-").
    public static final String RESPONSIBLE_ONLINE = "responsibleOnline";
    public static final String LANGUAGE = "language";
    public static final String PRIORITY = "priority";
    /** Result of the decision table: {target, targetChannelId, targetDepartmentId}. */
    public static final String DISTRIBUTION = "distribution";

    // Set by routing.offer.
    public static final String OFFERED_OPERATOR_IDS = "offeredOperatorIds";
    public static final String DISTRIBUTION_MODE = "distributionMode";
    /** ISO-8601 duration of the channel's idle time, the offer's timer. */
    public static final String IDLE_TIME = "idleTime";
    public static final String OFFER_ROUND = "offerRound";
    // Set by routing.release when withdrawing an offer an operator had just answered.
    public static final String ANSWERED_MEANWHILE = "answeredMeanwhile";
    /** Sent with offer-skipped. */
    public static final String SKIPPED_OPERATOR_ID = "skippedOperatorId";

    // Sent by the operator API (dev.openlines.conversation.ConversationCommands).
    /** With transfer, conversation-closed and spam: the operator who asked for it. */
    public static final String ACTING_OPERATOR_ID = "actingOperatorId";
    /** With transfer: the colleague to hand the conversation to (or TRANSFER_TO_CHANNEL_ID). */
    public static final String TRANSFER_TO_OPERATOR_ID = "transferToOperatorId";
    /** Start variable of a conversation an operator started (POST /api/conversations): who started it. */
    public static final String STARTED_BY_OPERATOR_ID = "startedByOperatorId";
    /**
     * With intercept: the colleague taking the conversation over. Not named operatorId: the message's
     * variables could shadow the process's operatorId inside the event sub-process.
     */
    public static final String INTERCEPTING_OPERATOR_ID = "interceptingOperatorId";
    /** With transfer: the open channel whose queue takes the conversation (or TRANSFER_TO_OPERATOR_ID). */
    public static final String TRANSFER_TO_CHANNEL_ID = "transferToChannelId";

    private Variable() {}
  }

  /** Task header keys ({@code zeebe:taskHeaders}) the workers read. */
  public static final class Header {
    /** {@code message.send}: name of a channel's automatic message (AutomaticActions.Template). */
    public static final String TEMPLATE = "template";
    /** {@code message.send}: a fixed text. */
    public static final String TEXT = "text";
    /** {@code kpi.start-clock} and {@code kpi.notify}: FIRST_RESPONSE or SUBSEQUENT_RESPONSE. */
    public static final String LIMIT = "limit";
    /** {@code conversation.set-deadline} / {@code clear-deadline}: ConversationDeadlines.Deadline name. */
    public static final String DEADLINE = "deadline";

    private Header() {}
  }
}
