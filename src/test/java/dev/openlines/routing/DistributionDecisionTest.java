package dev.openlines.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.EvaluateDecisionResponse;
import io.camunda.client.api.response.MatchedDecisionRule;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The decision table dmn/distribution.dmn on the real engine: every rule is hit, and the first match wins. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DistributionDecisionTest {

  @Autowired CamundaClient client;

  EvaluateDecisionResponse evaluate(Map<String, Object> variables) {
    Map<String, Object> all = new HashMap<>(Map.of(Workflow.Variable.CHANNEL_ID, "support"));
    all.putAll(variables);
    return client
        .newEvaluateDecisionCommand()
        .decisionId(Workflow.Decision.DISTRIBUTION)
        .variables(all)
        .send()
        .join();
  }

  void assertRoute(Map<String, Object> variables, String rule, Distribution expected) {
    EvaluateDecisionResponse response = evaluate(variables);
    assertThat(response.getFailureMessage()).isNullOrEmpty();
    assertThat(response.getEvaluatedDecisions().getFirst().getMatchedRules())
        .extracting(MatchedDecisionRule::getRuleId)
        .containsExactly(rule);
    assertThat(client.getConfiguration().getJsonMapper().fromJson(response.getDecisionOutput(), Distribution.class))
        .isEqualTo(expected);
  }

  @Test
  void outsideWorkingHoursEveryoneWaitsInTheQueueEvenWithTheResponsibleOnline() {
    assertRoute(
        Map.of("withinWorkingHours", false, "clientRecognised", true, "responsibleOnline", true),
        "rule-outside-hours",
        new Distribution(RoutingTarget.QUEUE, null, null));
  }

  @Test
  void knownClientGoesToTheResponsibleOperatorWhenOnline() {
    assertRoute(
        Map.of("withinWorkingHours", true, "clientRecognised", true, "responsibleOnline", true, "routeToResponsible", true,
            "language", "en"),
        "rule-responsible",
        new Distribution(RoutingTarget.RESPONSIBLE, null, null));
  }

  @Test
  void aChannelThatDoesNotRouteToTheResponsiblePersonSendsAKnownClientToTheQueue() {
    assertRoute(
        Map.of("withinWorkingHours", true, "clientRecognised", true, "responsibleOnline", true, "routeToResponsible", false),
        "rule-everyone-else",
        new Distribution(RoutingTarget.QUEUE, null, null));
  }

  @Test
  void englishSpeakersGoToTheirDepartmentWhenTheResponsibleIsOffline() {
    assertRoute(
        Map.of("clientRecognised", true, "responsibleOnline", false, "language", "en"),
        "rule-english",
        new Distribution(RoutingTarget.OTHER_QUEUE, null, "english-speakers"));
  }

  @Test
  void urgentEmailGoesToThePriorityDesk() {
    assertRoute(
        Map.of("connectorType", "email", "priority", "HIGH"),
        "rule-urgent-email",
        new Distribution(RoutingTarget.OTHER_QUEUE, null, "priority-desk"));
  }

  @Test
  void everyoneElseAndMissingInputsGoToTheChannelsQueue() {
    assertRoute(
        Map.of("connectorType", "telegram", "priority", "HIGH"),
        "rule-everyone-else",
        new Distribution(RoutingTarget.QUEUE, null, null));
    assertRoute(Map.of(), "rule-everyone-else", new Distribution(RoutingTarget.QUEUE, null, null));
  }
}
