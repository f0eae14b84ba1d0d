package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.workflow.outbox.IngestionProperties;
import dev.openlines.workflow.outbox.ProcessCommandGateway;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of the messages published at once: their message id, time to live and what a refusal means
 * to the caller. (Queued messages travel through the outbox: EngineOutageTest, InboundMessageServiceTest.)
 */
class ProcessMessagesTest {

  record Published(String name, String correlationKey, String messageId, Duration timeToLive) {}

  private final List<Published> published = new ArrayList<>();
  private RuntimeException refusal;

  /** The engine side: records what reaches it, or refuses as told. */
  private final ProcessCommandGateway engine = new ProcessCommandGateway() {
    @Override
    public void startConversation(String conversationId, String commandId, Map<String, Object> variables) {
      throw new UnsupportedOperationException("starts are queued");
    }

    @Override
    public void publishMessage(String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables) {
      if (refusal != null) {
        throw refusal;
      }
      published.add(new Published(name, correlationKey, messageId, timeToLive));
    }
  };

  // Messages published at once never touch the outbox or its relay.
  private final ProcessMessages messages =
      new ProcessMessages(null, null, engine, new IngestionProperties(Duration.ofMinutes(1), null, null));

  @Test
  void anOperatorActionCarriesItsRequestAsMessageIdAndWaitsThirtySecondsForTheProcess() {
    messages.send(Workflow.Message.TRANSFER, "conversation-1", "request-7", Map.of());

    assertThat(published).containsExactly(new Published("transfer", "conversation-1", "transfer:request-7", Duration.ofSeconds(30)));
  }

  @Test
  void routingsMessagesCarryNoMessageIdAndWaitTenSeconds() {
    messages.send(Workflow.Message.OPERATOR_AVAILABLE, "conversation-1", null, Map.of());
    messages.send(Workflow.Message.OPERATOR_AVAILABLE, "conversation-1", null, Map.of());

    assertThat(published).containsExactly(
        new Published("operator-available", "conversation-1", null, Duration.ofSeconds(10)),
        new Published("operator-available", "conversation-1", null, Duration.ofSeconds(10)));
  }

  @Test
  void aRepeatedRequestTheEngineStillBuffersIsDoneAlready() {
    refusal = new ClientStatusException(Status.ALREADY_EXISTS, null);

    messages.send(Workflow.Message.SPAM, "conversation-1", "request-7", Map.of());
  }

  @Test
  void anEngineThatDoesNotTakeTheMessageInTimeIsUnavailableAndAnyOtherRefusalStaysWhatItIs() {
    refusal = new ClientStatusException(Status.DEADLINE_EXCEEDED, null);
    assertThatThrownBy(() -> messages.send(Workflow.Message.SPAM, "conversation-1", "request-7", Map.of()))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("spam");

    refusal = new ClientStatusException(Status.INVALID_ARGUMENT, null);
    assertThatThrownBy(() -> messages.send(Workflow.Message.SPAM, "conversation-1", "request-7", Map.of()))
        .isInstanceOf(ClientStatusException.class);
  }

  @Test
  void aMessageWithoutARuleOrPublishedAtOnceIsNotQueued() {
    assertThatThrownBy(() -> messages.send("no-such-message", "conversation-1", "x", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-message");
    assertThatThrownBy(() -> messages.queue(Workflow.Message.TRANSFER, "conversation-1", "x", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> messages.queue(Workflow.Message.SPAM, "conversation-1", "x", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(published).isEmpty();
  }
}
