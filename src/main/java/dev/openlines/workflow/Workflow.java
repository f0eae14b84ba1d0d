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

  /** Error codes of the BPMN errors workers throw; a model catches them with error boundary events. */
  public static final class Error {
    /** {@code crm.identify}: the job has no connector type or client id, so nobody can be recognised. */
    public static final String CRM_CLIENT_UNIDENTIFIABLE = "CRM_CLIENT_UNIDENTIFIABLE";
    /** {@code crm.create-lead}, {@code crm.save-log}: the conversation was never linked to a CRM contact. */
    public static final String CRM_NO_CONTACT = "CRM_NO_CONTACT";

    private Error() {}
  }

  /** Process variable names. */
  public static final class Variable {
    public static final String CONVERSATION_ID = "conversationId";
    public static final String CHANNEL_ID = "channelId";
    public static final String CONNECTOR_TYPE = "connectorType";
    public static final String CLIENT_ID = "clientId";
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
    /** The channel's lead-creation setting ({@code dev.openlines.crm.LeadCreationMode}), input of the DMN. */
    public static final String LEAD_CREATION_MODE = "leadCreationMode";
    /** Output of the {@code lead-creation} DMN ({@code dev.openlines.crm.LeadAction}). */
    public static final String LEAD_ACTION = "leadAction";
    /** Output of {@code crm.create-lead}: the lead or the deal created for this conversation. */
    public static final String LEAD_ID = "leadId";
    public static final String DEAL_ID = "dealId";

    private Variable() {}
  }
}
