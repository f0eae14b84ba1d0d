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
    /** How the offer picks its operators ({@code dmn/operator-picker.dmn}): in queue order, evenly, everyone. */
    public static final String OPERATOR_PICKER = "operator-picker";
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
    /** Takes the current offer back (idle time over, skipped, another operator available for everyone). */
    public static final String ROUTING_WITHDRAW_OFFER = "routing.withdraw-offer";
    /** Routing is done with the conversation (closed, spam): its slot and open offers are given back. */
    public static final String ROUTING_CLOSE = "routing.close";
    /**
     * Header {@code release=offer} or {@code conversation}: what {@link #ROUTING_WITHDRAW_OFFER} and
     * {@link #ROUTING_CLOSE} do now. Not in the current model: the worker stays for instances of earlier
     * model versions still running on a cluster.
     */
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

  /**
   * Message names; every message is correlated by the conversation id and sent through
   * {@link ProcessMessages}, which says how each travels, its message id and its time to live.
   */
  public static final class Message {
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
    /**
     * The admin saved a channel's working hours or whether it queues outside them: a conversation waiting
     * for the channel to open reads the hours again.
     */
    public static final String WORKING_HOURS_CHANGED = "working-hours-changed";
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

  /**
   * Process variable names: those a process starts with ({@link StartVariables}) and those its steps and
   * messages set ({@link StepVariables}), one namespace for the models' and the workers' code.
   */
  public interface Variable extends StartVariables, StepVariables {}

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
