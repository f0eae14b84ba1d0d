package dev.openlines.conversation.inbound;

import dev.openlines.workflow.ProcessInstances;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Link this process to the conversation", the first step of every conversation process: it records
 * the instance key on the conversation, or, when another instance is the conversation's process
 * already, cancels this one before it did anything (no greeting, no offer twice).
 */
@Component
public class ConversationProcessLinkWorker {

  private static final Logger log = LoggerFactory.getLogger(ConversationProcessLinkWorker.class);

  private final ConversationProcessLinks links;
  private final ProcessInstances instances;

  ConversationProcessLinkWorker(ConversationProcessLinks links, ProcessInstances instances) {
    this.links = links;
    this.instances = instances;
  }

  /**
   * Sends the completion (or the cancellation) without waiting for the engine's answer: the handler
   * runs on the client's shared worker threads, and blocking one of them on a round trip stalled
   * every other job type behind it. A command the engine did not take leaves the job to time out and
   * be activated again; linking is idempotent, so the retry repeats nothing.
   */
  @JobWorker(type = Workflow.Job.LINK_PROCESS, autoComplete = false)
  public void link(ActivatedJob job, @Variable String conversationId) {
    long instance = job.getProcessInstanceKey();
    if (links.link(conversationId, instance) == ConversationProcessLinks.Outcome.OTHER_PROCESS_LINKED) {
      log.warn("Conversation {} has its process already; cancelling the second instance {}", conversationId, instance);
      instances.cancelWithoutWaiting(instance).whenComplete((done, failure) -> logFailure("cancel", instance, failure));
      return;
    }
    instances.completeWithoutWaiting(job).whenComplete((done, failure) -> logFailure("link", instance, failure));
  }

  private static void logFailure(String what, long instance, Throwable failure) {
    if (failure != null) {
      log.warn("Engine did not take the {} of process instance {}; the job is retried after its timeout: {}", what, instance, failure.toString());
    }
  }
}
