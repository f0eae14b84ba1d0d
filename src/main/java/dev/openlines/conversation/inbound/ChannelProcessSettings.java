package dev.openlines.conversation.inbound;

import dev.openlines.channel.AutomaticActions;
import dev.openlines.channel.BotSettings;
import dev.openlines.channel.BotSettingsService;
import dev.openlines.channel.ChannelLifecycleSettings;
import dev.openlines.channel.ChannelLifecycleSettingsService;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.KpiSettings;
import dev.openlines.channel.OpenChannel;
import dev.openlines.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The channel settings the conversation process branches on, as process variables: given to the
 * process with its start variables (read by ingestion, through the settings caches), and again when a
 * restart recreates a process mid-way.
 */
@Service
public class ChannelProcessSettings {

  private final ChannelService channels;
  private final BotSettingsService bots;
  private final ChannelLifecycleSettingsService lifecycle;

  /**
   * The variables {@link #variables} always sets ({@code withinWorkingHours} only when the channel has no
   * hours). A start that carries all of them was queued by this version and needs nothing added.
   */
  public static final Set<String> ALWAYS_SET = Set.of(
      Workflow.Variable.LEAD_CREATION_MODE, Workflow.Variable.ROUTE_TO_RESPONSIBLE,
      Workflow.Variable.CHANGE_RESPONSIBLE_ON_TRANSFER, Workflow.Variable.CRM_CHECK_ON, Workflow.Variable.CHAT_TRACKER_ON,
      Workflow.Variable.QUEUE_OUTSIDE_WORKING_HOURS, Workflow.Variable.RATING_WAIT, Workflow.Variable.CLOSE_ON_RATING,
      Workflow.Variable.BOT_ENABLED, Workflow.Variable.BOT_SILENCE_TIMEOUT, Workflow.Variable.FIRST_RESPONSE_LIMIT,
      Workflow.Variable.WELCOME_TEXTS_SET, Workflow.Variable.NO_ANSWER_TEXT_ON, Workflow.Variable.NO_ANSWER_AFTER,
      Workflow.Variable.NEW_MESSAGE_REPLY_ON, Workflow.Variable.CHANNEL_DISTRIBUTION_MODE);

  public ChannelProcessSettings(ChannelService channels, BotSettingsService bots, ChannelLifecycleSettingsService lifecycle) {
    this.channels = channels;
    this.bots = bots;
    this.lifecycle = lifecycle;
  }

  /** @throws ChannelNotFoundException for an unknown channel */
  public Map<String, Object> variables(String channelId) {
    OpenChannel channel = channels.get(channelId);
    BotSettings bot = bots.of(channelId);
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.LEAD_CREATION_MODE, channel.getCrm().leadCreation().name());
    variables.put(Workflow.Variable.ROUTE_TO_RESPONSIBLE, channel.getCrm().routeToResponsible());
    variables.put(Workflow.Variable.CHANGE_RESPONSIBLE_ON_TRANSFER, channel.getCrm().changeResponsibleOnTransfer());
    variables.put(Workflow.Variable.CRM_CHECK_ON, channel.getCrm().checkClient());
    variables.put(Workflow.Variable.CHAT_TRACKER_ON, channel.getCrm().chatTracker());
    // Input of the decision operator-picker when nobody is responsible and no transfer: then no job reads it.
    // Null (the model's gateway then runs the check) for a channel without a queue mode.
    variables.put(Workflow.Variable.CHANNEL_DISTRIBUTION_MODE,
        channel.getQueue() == null || channel.getQueue().mode() == null ? null : channel.getQueue().mode().name());
    variables.put(Workflow.Variable.QUEUE_OUTSIDE_WORKING_HOURS, channel.isQueueOutsideWorkingHours());
    variables.put(Workflow.Variable.RATING_WAIT, channel.getClosing().ratingWait().toString());
    variables.put(Workflow.Variable.CLOSE_ON_RATING, channel.getClosing().closeOnRating());
    variables.put(Workflow.Variable.BOT_ENABLED, bot.enabled());
    variables.put(Workflow.Variable.BOT_SILENCE_TIMEOUT, bot.silenceTimeout().toString());
    // Null (the variable present, so the model's test reads plainly) when the channel does not track it.
    variables.put(Workflow.Variable.FIRST_RESPONSE_LIMIT,
        lifecycle.find(channelId).map(ChannelLifecycleSettings::kpi).map(KpiSettings::firstResponseLimit)
            .map(Object::toString).orElse(null));
    if (lifecycle.workingHours(channelId).isEmpty()) {
      // No working hours: always open, so the model has nothing to check (absent otherwise: "Check working hours" tells).
      variables.put(Workflow.Variable.WITHIN_WORKING_HOURS, true);
    }
    Optional<AutomaticActions> texts = lifecycle.automaticActions(channelId);
    variables.put(Workflow.Variable.WELCOME_TEXTS_SET, texts.map(ChannelProcessSettings::welcomesTheClient).orElse(false));
    variables.put(Workflow.Variable.NO_ANSWER_TEXT_ON, texts.map(AutomaticActions::noAnswerTextOn).orElse(false));
    // Always set: the timer "Nobody answered in time" needs a duration even when the text is off.
    variables.put(Workflow.Variable.NO_ANSWER_AFTER,
        texts.map(AutomaticActions::noAnswerWait).orElse(AutomaticActions.DEFAULT_NO_ANSWER_AFTER).toString());
    variables.put(Workflow.Variable.NEW_MESSAGE_REPLY_ON, texts.map(AutomaticActions::newMessageReplyOn).orElse(false));
    return variables;
  }

  /** A consent notice or a greeting to send when the conversation opens: otherwise the model skips both steps. */
  private static boolean welcomesTheClient(AutomaticActions texts) {
    return !texts.textOf(AutomaticActions.Template.CONSENT_NOTICE).isEmpty()
        || !texts.textOf(AutomaticActions.Template.GREETING).isEmpty();
  }
}
