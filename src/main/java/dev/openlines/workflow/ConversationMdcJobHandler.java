package dev.openlines.workflow;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import org.slf4j.MDC;

/**
 * Puts the job's conversation id into the logging MDC (key {@value #MDC_KEY}) while a job worker
 * handles the job, so every line the worker logs, and every line the Camunda client logs about
 * that job (failures, BPMN errors), can be traced to its conversation.
 */
public class ConversationMdcJobHandler implements JobHandler {

  /** The MDC key; the log pattern and the structured (ECS) logs print it. */
  public static final String MDC_KEY = Workflow.Variable.CONVERSATION_ID;

  private final JobHandler delegate;

  public ConversationMdcJobHandler(JobHandler delegate) {
    this.delegate = delegate;
  }

  @Override
  public void handle(JobClient client, ActivatedJob job) throws Exception {
    Object conversationId = job.getVariablesAsMap().get(Workflow.Variable.CONVERSATION_ID);
    if (conversationId == null) {
      delegate.handle(client, job);
      return;
    }
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, conversationId.toString());
    try {
      delegate.handle(client, job);
    } finally {
      // Worker threads are pooled: leave the MDC as it was found.
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }
}
