package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.EvaluateDecisionResponse;
import io.camunda.client.api.response.MatchedDecisionRule;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The decision table dmn/operator-picker.dmn on the real engine: which picker each distribution mode gets. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorPickerDecisionTest {

  @Autowired CamundaClient client;

  void assertPicker(Map<String, Object> variables, String rule, String picker) {
    EvaluateDecisionResponse response =
        client.newEvaluateDecisionCommand().decisionId(Workflow.Decision.OPERATOR_PICKER).variables(variables).send().join();
    assertThat(response.getFailureMessage()).isNullOrEmpty();
    assertThat(response.getEvaluatedDecisions().getFirst().getMatchedRules())
        .extracting(MatchedDecisionRule::getRuleId)
        .containsExactly(rule);
    assertThat(response.getDecisionOutput()).isEqualTo(picker == null ? "null" : "\"" + picker + "\"");
  }

  static Map<String, Object> queue(String mode) {
    return Map.of(
        Workflow.Variable.CHANNEL_DISTRIBUTION_MODE, mode,
        Workflow.Variable.DISTRIBUTION, Map.of("target", RoutingTarget.QUEUE.name()));
  }

  @Test
  void eachDistributionModeGetsItsPicker() {
    assertPicker(queue("STRICT"), "rule-strict", InQueueOrderPicker.NAME);
    assertPicker(queue("EVENLY"), "rule-evenly", LongestSinceAssignedPicker.NAME);
    assertPicker(queue("ALL"), "rule-all", EveryoneAtOncePicker.NAME);
  }

  @Test
  void anotherChannelsQueueIsLeftToThatChannelsMode() {
    assertPicker(
        Map.of(
            Workflow.Variable.CHANNEL_DISTRIBUTION_MODE, "STRICT",
            Workflow.Variable.DISTRIBUTION, Map.of("target", RoutingTarget.OTHER_QUEUE.name(), "targetChannelId", "sales")),
        "rule-other-channel",
        null);
  }
}
