package dev.openlines.workflow;

/** Process ids, job types and message names shared by the models in bpmn/ and dmn/ and the Java code. */
public final class Workflow {

  private Workflow() {}

  /** Process ids (the {@code id} of the {@code bpmn:process} element). */
  public static final class Process {
    public static final String CONVERSATION = "conversation";

    private Process() {}
  }

  /** Job types of the service tasks ({@code zeebe:taskDefinition type}). */
  public static final class Job {
    public static final String RECORD_STATUS = "conversation.record-status";

    private Job() {}
  }

  /** Message names; every message is correlated by the conversation id. */
  public static final class Message {
    public static final String CONVERSATION_CLOSED = "conversation-closed";

    private Message() {}
  }

  /** Process variable names. */
  public static final class Variable {
    public static final String CONVERSATION_ID = "conversationId";

    private Variable() {}
  }
}
