package dev.openlines.routing;

import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job {@code routing.release} of model versions before {@code routing.withdraw-offer} and
 * {@code routing.close}, for their instances still running on a cluster: the header {@code release} says
 * which of the two it is.
 */
@Component
public class EarlierModelReleaseWorker {

  static final String RELEASE_HEADER = "release";
  static final String RELEASE_OFFER = "offer";
  static final String RELEASE_CONVERSATION = "conversation";

  private final OfferWithdrawal withdrawal;
  private final ConversationRelease release;

  EarlierModelReleaseWorker(OfferWithdrawal withdrawal, ConversationRelease release) {
    this.withdrawal = withdrawal;
    this.release = release;
  }

  @JobWorker(type = Workflow.Job.ROUTING_RELEASE, fetchVariables = Workflow.Variable.CONVERSATION_ID)
  public Map<String, Object> release(
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @CustomHeaders Map<String, String> headers) {
    String what = headers.getOrDefault(RELEASE_HEADER, "");
    switch (what) {
      case RELEASE_OFFER -> {
        return OfferWithdrawalWorker.answeredMeanwhile(withdrawal, conversationId);
      }
      case RELEASE_CONVERSATION -> {
        release.close(conversationId);
        return Map.of();
      }
      default ->
          throw new IllegalStateException(
              "Task header '" + RELEASE_HEADER + "' must be '" + RELEASE_OFFER + "' or '" + RELEASE_CONVERSATION + "', was '" + what + "'");
    }
  }
}
