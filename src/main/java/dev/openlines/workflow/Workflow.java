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

    private Process() {}
  }

  /** Decision ids of the tables in dmn/. */
  public static final class Decision {
    public static final String DISTRIBUTION = "distribution";
    public static final String LEAD_CREATION = "lead-creation";

    private Decision() {}
  }

  /** Job types of the service tasks ({@code zeebe:taskDefinition type}). */
  public static final class Job {
    public static final String RECORD_STATUS = "conversation.record-status";
    public static final String SEND_MESSAGE = "message.send";
    public static final String CRM_IDENTIFY = "crm.identify";
    public static final String CRM_CREATE_LEAD = "crm.create-lead";
    public static final String CRM_SAVE_LOG = "crm.save-log";
    public static final String ROUTING_OFFER = "routing.offer";
    public static final String ROUTING_RELEASE = "routing.release";
    public static final String KPI_NOTIFY = "kpi.notify";

    private Job() {}
  }

  /** Message names; every message is correlated by the conversation id. */
  public static final class Message {
    public static final String CLIENT_MESSAGE = "client-message";
    public static final String CONVERSATION_ANSWERED = "conversation-answered";
    public static final String OFFER_SKIPPED = "offer-skipped";
    public static final String OPERATOR_AVAILABLE = "operator-available";
    public static final String OPERATOR_REPLIED = "operator-replied";
    public static final String TRANSFER = "transfer";
    public static final String INTERCEPT = "intercept";
    public static final String BOT_HANDOFF = "bot-handoff";
    public static final String CONVERSATION_CLOSED = "conversation-closed";
    public static final String CLIENT_RATED = "client-rated";
    public static final String SPAM = "spam";

    private Message() {}
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

    private Variable() {}
  }
}
