package dev.openlines.conversation;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.ChannelNotFoundException;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.workflow.Workflow;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Service tasks "Send ..." ({@code message.send}): the text comes from the {@code template} header
 * (a channel's automatic message, e.g. GREETING), else the {@code text} header, else the
 * {@code messageText} variable. An empty text (automatic message switched off) sends nothing.
 *
 * <p>An undeliverable message never stops the conversation. When the messenger is down (temporary
 * failure) the message is queued and retried in the background ({@link OutboundRetrier}); the step
 * completes with {@code messageSent=false, deliveryQueued=true} and routing goes on. A message the
 * messenger refuses for good (the client blocked the bot, the chat is gone) is recorded on the message
 * and the conversation, and the step completes with {@code messageSent=false, deliveryRefused=true} for
 * a model that wants to branch on it. The client can still write, and an operator can still take the
 * conversation.
 */
@Component
public class SendMessageWorker {

  private final ConversationAddresses addresses;
  private final MessageSendingService sending;
  private final ChannelLifecycleSettingsService settings;
  private final StepKeys stepKeys;
  private final ChannelService channels;

  public SendMessageWorker(
      ConversationAddresses addresses, MessageSendingService sending, ChannelLifecycleSettingsService settings,
      StepKeys stepKeys, ChannelService channels) {
    this.channels = channels;
    this.addresses = addresses;
    this.sending = sending;
    this.settings = settings;
    this.stepKeys = stepKeys;
  }

  @JobWorker(type = Workflow.Job.SEND_MESSAGE)
  public Map<String, Object> send(
      ActivatedJob job,
      @Variable(name = Workflow.Variable.CONVERSATION_ID) String conversationId,
      @Variable(name = Workflow.Variable.MESSAGE_TEXT, optional = true) String messageText,
      @CustomHeaders Map<String, String> headers) {
    Conversation address =
        addresses.find(conversationId)
            .orElseThrow(() -> new BpmnError(Workflow.Error.UNKNOWN_CONVERSATION, "No stored conversation " + conversationId));
    boolean ratingRequest = AutomaticActions.Template.RATING_REQUEST.name().equals(headers.get(Workflow.Header.TEMPLATE));
    String text = ratingRequest ? ratingRequestText(address) : textToSend(address.getChannelId(), headers, messageText);
    if (text.isBlank()) {
      return Map.of(Workflow.Variable.MESSAGE_SENT, false, Workflow.Variable.DELIVERY_QUEUED, false,
          Workflow.Variable.DELIVERY_REFUSED, false);
    }
    String messageId = MessageSendingService.stepMessageId(conversationId, stepKeys.step(job));
    try {
      DeliveryStatus status = ratingRequest
          ? sending.sendRatingRequest(address, messageId, text)
          : sending.sendSystemMessage(address, messageId, text);
      boolean delivered = status == DeliveryStatus.DELIVERED;
      return Map.of(Workflow.Variable.MESSAGE_SENT, delivered, Workflow.Variable.SENT_MESSAGE_ID, messageId,
          Workflow.Variable.DELIVERY_QUEUED, !delivered, Workflow.Variable.DELIVERY_REFUSED, false);
    } catch (MessageSendingService.MessageRefusedException refused) {
      return Map.of(Workflow.Variable.MESSAGE_SENT, false, Workflow.Variable.DELIVERY_QUEUED, false,
          Workflow.Variable.DELIVERY_REFUSED, true, Workflow.Variable.DELIVERY_ERROR, refused.getMessage());
    } catch (MessageSendingService.NoMessengerException misconfigured) {
      // Retrying cannot fix a missing connector: raise the incident at once.
      throw CamundaError.jobError(misconfigured.getMessage(), null, 0, Duration.ZERO, misconfigured);
    }
  }

  /** The channel's rating request for the conversation's connector type, else its automatic one. */
  private String ratingRequestText(Conversation address) {
    Optional<String> ownText;
    try {
      ownText = channels.get(address.getChannelId()).getClosing().ratingRequestFor(address.getConnectorType());
    } catch (ChannelNotFoundException gone) {
      ownText = Optional.empty();
    }
    return ownText.orElseGet(() -> textToSend(address.getChannelId(), Map.of(Workflow.Header.TEMPLATE,
            AutomaticActions.Template.RATING_REQUEST.name()), null));
  }

  private String textToSend(String channelId, Map<String, String> headers, String messageText) {
    String template = headers.get(Workflow.Header.TEMPLATE);
    if (template != null) {
      AutomaticActions.Template which;
      try {
        which = AutomaticActions.Template.valueOf(template);
      } catch (IllegalArgumentException e) {
        throw CamundaError.jobError("Unknown template header '" + template + "'; use one of "
            + java.util.Arrays.toString(AutomaticActions.Template.values()), null, 0, Duration.ZERO, e);
      }
      return settings.automaticActions(channelId).map(actions -> actions.textOf(which)).orElse("");
    }
    String text = headers.getOrDefault(Workflow.Header.TEXT, messageText);
    return text == null ? "" : text.strip();
  }
}
