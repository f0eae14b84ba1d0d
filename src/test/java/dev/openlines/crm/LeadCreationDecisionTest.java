package dev.openlines.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.LeadCreationMode;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.EvaluateDecisionResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Each rule of dmn/lead-creation.dmn, evaluated by the engine that runs the conversations. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeadCreationDecisionTest {

  @Autowired CamundaClient client;

  @ParameterizedTest(name = "{0}: recognised={1}, details={2}, {3}, {4} -> {5}")
  @CsvSource({
    "known-client,            true,  true,  telegram, LEAD,   NOTHING",
    "known-client,            true,  false, livechat, DEAL,   NOTHING",
    "channel-creates-nothing, false, true,  telegram, OFF,    NOTHING",
    "anonymous-live-chat,     false, false, livechat, LEAD,   NOTHING",
    "anonymous-live-chat,     false, false, livechat, MANUAL, NOTHING",
    "operator-decides,        false, true,  livechat, MANUAL, OFFER_MANUAL",
    "operator-decides,        false, false, telegram, MANUAL, OFFER_MANUAL",
    "new-deal,                false, true,  whatsapp, DEAL,   CREATE_DEAL",
    "new-lead,                false, false, telegram, LEAD,   CREATE_LEAD",
    "new-lead,                false, true,  livechat, LEAD,   CREATE_LEAD",
  })
  void eachRuleDecidesItsCase(
      String rule, boolean recognised, boolean hasContactDetails, String connector, LeadCreationMode mode, LeadAction expected) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.CLIENT_RECOGNISED, recognised);
    variables.put(Workflow.Variable.HAS_CONTACT_DETAILS, hasContactDetails);
    variables.put(Workflow.Variable.CONNECTOR_TYPE, connector);
    variables.put(Workflow.Variable.LEAD_CREATION_MODE, mode.name());

    EvaluateDecisionResponse result =
        client
            .newEvaluateDecisionCommand()
            .decisionId(Workflow.Decision.LEAD_CREATION)
            .variables(variables)
            .send()
            .join();

    assertThat(result.getEvaluatedDecisions().get(0).getMatchedRules())
        .first()
        .extracting(r -> r.getRuleId())
        .isEqualTo("rule-" + rule);
    assertThat(result.getDecisionOutput()).isEqualTo("\"" + expected + "\"");
  }
}
