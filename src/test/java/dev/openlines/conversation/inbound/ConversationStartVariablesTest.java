package dev.openlines.conversation.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.openlines.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relay completes a queued start with the channel's settings only when it lacks some (queued by an
 * earlier version): a start queued with all of them is sent as queued, without reading any setting.
 */
class ConversationStartVariablesTest {

  final ChannelProcessSettings settings = mock(ChannelProcessSettings.class);
  final ConversationStartVariables variables = new ConversationStartVariables(settings);

  static Map<String, Object> everySetting() {
    Map<String, Object> all = new HashMap<>();
    ChannelProcessSettings.ALWAYS_SET.forEach(name -> all.put(name, "queued"));
    all.put(Workflow.Variable.FIRST_RESPONSE_LIMIT, null); // a channel without the KPI: present, null
    return all;
  }

  @Test
  void aStartQueuedWithEverySettingIsSentAsQueuedWithoutReadingTheChannel() {
    Map<String, Object> queued = everySetting();
    queued.put(Workflow.Variable.CHANNEL_ID, "c-1");

    assertThat(variables.completed(queued)).isEqualTo(queued);
    verifyNoInteractions(settings);
  }

  @Test
  void aStartThatLacksASettingGetsTheChannelsCurrentOneAndKeepsWhatWasQueued() {
    Map<String, Object> queued = everySetting();
    queued.remove(Workflow.Variable.NO_ANSWER_AFTER);
    queued.put(Workflow.Variable.CHANNEL_ID, "c-1");
    when(settings.variables("c-1")).thenReturn(Map.of(
        Workflow.Variable.NO_ANSWER_AFTER, "PT5M", Workflow.Variable.BOT_ENABLED, "current"));

    Map<String, Object> sent = variables.completed(queued);
    assertThat(sent).containsEntry(Workflow.Variable.NO_ANSWER_AFTER, "PT5M").containsEntry(Workflow.Variable.BOT_ENABLED, "queued");
  }
}
