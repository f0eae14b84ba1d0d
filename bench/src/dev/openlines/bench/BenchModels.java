package dev.openlines.bench;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;

/**
 * The conversation-like process and decision of the soak benchmark (built in code: they are not product
 * models). The one-task and waiting models of the rate benchmark are the engine tests' own
 * ({@code EngineTestSupport}).
 */
final class BenchModels {

  static final String CONVERSATION = "bench-conversation";
  static final String ANSWERED_MESSAGE = "bench-answered";
  static final String[] CONVERSATION_JOBS = {
    "bench.identify", "bench.create-lead", "bench.greet", "bench.offer", "bench.answered", "bench.close"
  };

  private BenchModels() {}

  /**
   * Shaped like a conversation: identify the client, a DMN decision, create a lead, greet, offer,
   * then an event-based gateway waiting for "answered" (or a long idle timer), answered, close.
   */
  static BpmnModelInstance conversation() {
    return Bpmn.createExecutableProcess(CONVERSATION)
        .startEvent()
        .serviceTask("identify", t -> t.zeebeJobType(CONVERSATION_JOBS[0]))
        .businessRuleTask(
            "decide-lead", t -> t.zeebeCalledDecisionId("bench-lead").zeebeResultVariable("leadAction"))
        .serviceTask("create-lead", t -> t.zeebeJobType(CONVERSATION_JOBS[1]))
        .serviceTask("greet", t -> t.zeebeJobType(CONVERSATION_JOBS[2]))
        .serviceTask("offer", t -> t.zeebeJobType(CONVERSATION_JOBS[3]))
        .eventBasedGateway("wait-for-answer")
        .intermediateCatchEvent(
            "answered",
            e ->
                e.message(
                    m -> m.name(ANSWERED_MESSAGE).zeebeCorrelationKeyExpression("conversationId")))
        .serviceTask("mark-answered", t -> t.zeebeJobType(CONVERSATION_JOBS[4]))
        .serviceTask("close", t -> t.zeebeJobType(CONVERSATION_JOBS[5]))
        .endEvent("closed")
        .moveToNode("wait-for-answer")
        .intermediateCatchEvent("idle", e -> e.timerWithDuration(Duration.ofMinutes(10).toString()))
        .endEvent("timed-out")
        .done();
  }

  static final String LEAD_DECISION =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench-lead-definitions"
                   name="Bench lead" namespace="http://openlines.dev/bench">
        <decision id="bench-lead" name="Lead action">
          <decisionTable id="bench-lead-table" hitPolicy="FIRST">
            <input id="channel" label="Channel">
              <inputExpression id="channel-expression" typeRef="string"><text>channel</text></inputExpression>
            </input>
            <input id="has-contact" label="Has contact">
              <inputExpression id="has-contact-expression" typeRef="boolean"><text>hasContact</text></inputExpression>
            </input>
            <output id="action" name="action" typeRef="string"/>
            <rule id="rule-livechat-anonymous">
              <inputEntry id="r1-channel"><text>"livechat"</text></inputEntry>
              <inputEntry id="r1-contact"><text>false</text></inputEntry>
              <outputEntry id="r1-action"><text>"nothing"</text></outputEntry>
            </rule>
            <rule id="rule-known">
              <inputEntry id="r2-channel"><text>-</text></inputEntry>
              <inputEntry id="r2-contact"><text>true</text></inputEntry>
              <outputEntry id="r2-action"><text>"create-deal"</text></outputEntry>
            </rule>
            <rule id="rule-default">
              <inputEntry id="r3-channel"><text>-</text></inputEntry>
              <inputEntry id="r3-contact"><text>-</text></inputEntry>
              <outputEntry id="r3-action"><text>"create-lead"</text></outputEntry>
            </rule>
          </decisionTable>
        </decision>
      </definitions>
      """;
}
