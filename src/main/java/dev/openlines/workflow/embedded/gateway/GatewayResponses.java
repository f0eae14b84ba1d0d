package dev.openlines.workflow.embedded.gateway;

import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DecisionMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DecisionRequirementsMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluateDecisionResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluatedDecision;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluatedDecisionInput;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluatedDecisionOutput;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FormMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.MatchedDecisionRule;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ProcessMetadata;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.value.decision.DecisionEvaluationRecord;
import io.camunda.zeebe.protocol.impl.record.value.decision.EvaluatedDecisionRecord;
import io.camunda.zeebe.protocol.impl.record.value.deployment.DeploymentRecord;
import io.camunda.zeebe.protocol.impl.record.value.job.JobBatchRecord;
import io.camunda.zeebe.protocol.impl.record.value.job.JobRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceCreationRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceResultRecord;
import org.agrona.DirectBuffer;

/** The gRPC responses built from the engine's response records (the ones with content). */
final class GatewayResponses {

  private GatewayResponses() {}

  static DeployResourceResponse deployed(long key, DirectBuffer value) {
    DeploymentRecord deployment = new DeploymentRecord();
    deployment.wrap(value);
    DeployResourceResponse.Builder response =
        DeployResourceResponse.newBuilder().setKey(key).setTenantId(deployment.getTenantId());
    deployment.getProcessesMetadata().forEach(
        process ->
            response.addDeploymentsBuilder()
                .setProcess(
                    ProcessMetadata.newBuilder()
                        .setBpmnProcessId(process.getBpmnProcessId())
                        .setVersion(process.getVersion())
                        .setProcessDefinitionKey(process.getProcessDefinitionKey())
                        .setResourceName(process.getResourceName())
                        .setTenantId(process.getTenantId())));
    deployment.getDecisionsMetadata().forEach(
        decision ->
            response.addDeploymentsBuilder()
                .setDecision(
                    DecisionMetadata.newBuilder()
                        .setDmnDecisionId(decision.getDecisionId())
                        .setDmnDecisionName(decision.getDecisionName())
                        .setVersion(decision.getVersion())
                        .setDecisionKey(decision.getDecisionKey())
                        .setDmnDecisionRequirementsId(decision.getDecisionRequirementsId())
                        .setDecisionRequirementsKey(decision.getDecisionRequirementsKey())
                        .setTenantId(decision.getTenantId())));
    deployment.getDecisionRequirementsMetadata().forEach(
        requirements ->
            response.addDeploymentsBuilder()
                .setDecisionRequirements(
                    DecisionRequirementsMetadata.newBuilder()
                        .setDmnDecisionRequirementsId(requirements.getDecisionRequirementsId())
                        .setDmnDecisionRequirementsName(requirements.getDecisionRequirementsName())
                        .setVersion(requirements.getDecisionRequirementsVersion())
                        .setDecisionRequirementsKey(requirements.getDecisionRequirementsKey())
                        .setResourceName(requirements.getResourceName())
                        .setTenantId(requirements.getTenantId())));
    deployment.getFormMetadata().forEach(
        form ->
            response.addDeploymentsBuilder()
                .setForm(
                    FormMetadata.newBuilder()
                        .setFormId(form.getFormId())
                        .setVersion(form.getVersion())
                        .setFormKey(form.getFormKey())
                        .setResourceName(form.getResourceName())
                        .setTenantId(form.getTenantId())));
    return response.build();
  }

  static CreateProcessInstanceResponse created(DirectBuffer value) {
    ProcessInstanceCreationRecord created = new ProcessInstanceCreationRecord();
    created.wrap(value);
    return CreateProcessInstanceResponse.newBuilder()
        .setProcessInstanceKey(created.getProcessInstanceKey())
        .setProcessDefinitionKey(created.getProcessDefinitionKey())
        .setBpmnProcessId(created.getBpmnProcessId())
        .setVersion(created.getVersion())
        .setTenantId(created.getTenantId())
        .build();
  }

  static CreateProcessInstanceWithResultResponse completed(DirectBuffer value) {
    ProcessInstanceResultRecord result = new ProcessInstanceResultRecord();
    result.wrap(value);
    return CreateProcessInstanceWithResultResponse.newBuilder()
        .setProcessInstanceKey(result.getProcessInstanceKey())
        .setProcessDefinitionKey(result.getProcessDefinitionKey())
        .setBpmnProcessId(result.getBpmnProcessId())
        .setVersion(result.getVersion())
        .setVariables(MsgPackConverter.convertToJson(result.getVariablesBuffer()))
        .setTenantId(result.getTenantId())
        .build();
  }

  static EvaluateDecisionResponse evaluated(DirectBuffer value) {
    DecisionEvaluationRecord evaluation = new DecisionEvaluationRecord();
    evaluation.wrap(value);
    EvaluateDecisionResponse.Builder response =
        EvaluateDecisionResponse.newBuilder()
            .setDecisionId(evaluation.getDecisionId())
            .setDecisionKey(evaluation.getDecisionKey())
            .setDecisionName(evaluation.getDecisionName())
            .setDecisionVersion(evaluation.getDecisionVersion())
            .setDecisionRequirementsId(evaluation.getDecisionRequirementsId())
            .setDecisionRequirementsKey(evaluation.getDecisionRequirementsKey())
            .setDecisionOutput(evaluation.getDecisionOutput())
            .setFailedDecisionId(evaluation.getFailedDecisionId())
            .setFailureMessage(evaluation.getEvaluationFailureMessage())
            .setTenantId(evaluation.getTenantId());
    evaluation.evaluatedDecisions().forEach(decision -> response.addEvaluatedDecisions(evaluatedDecision(decision)));
    return response.build();
  }

  private static EvaluatedDecision evaluatedDecision(EvaluatedDecisionRecord decision) {
    EvaluatedDecision.Builder evaluated =
        EvaluatedDecision.newBuilder()
            .setDecisionId(decision.getDecisionId())
            .setDecisionKey(decision.getDecisionKey())
            .setDecisionName(decision.getDecisionName())
            .setDecisionVersion(decision.getDecisionVersion())
            .setDecisionType(decision.getDecisionType())
            .setDecisionOutput(decision.getDecisionOutput())
            .setTenantId(decision.getTenantId());
    decision.evaluatedInputs().forEach(
        input ->
            evaluated.addEvaluatedInputs(
                EvaluatedDecisionInput.newBuilder()
                    .setInputId(input.getInputId())
                    .setInputName(input.getInputName())
                    .setInputValue(input.getInputValue())));
    decision.matchedRules().forEach(
        rule -> {
          MatchedDecisionRule.Builder matched =
              MatchedDecisionRule.newBuilder().setRuleId(rule.getRuleId()).setRuleIndex(rule.getRuleIndex());
          rule.evaluatedOutputs().forEach(
              output ->
                  matched.addEvaluatedOutputs(
                      EvaluatedDecisionOutput.newBuilder()
                          .setOutputId(output.getOutputId())
                          .setOutputName(output.getOutputName())
                          .setOutputValue(output.getOutputValue())));
          evaluated.addMatchedRules(matched);
        });
    return evaluated.build();
  }

  static ActivateJobsResponse activated(DirectBuffer value) {
    JobBatchRecord batch = new JobBatchRecord();
    batch.wrap(value);
    ActivateJobsResponse.Builder response = ActivateJobsResponse.newBuilder();
    var keys = batch.getJobKeys();
    var jobs = batch.getJobs();
    for (int i = 0; i < keys.size(); i++) {
      response.addJobs(activatedJob(keys.get(i), (JobRecord) jobs.get(i)));
    }
    return response.build();
  }

  static ActivatedJob activatedJob(long key, JobRecord job) {
    return ActivatedJob.newBuilder()
        .setKey(key)
        .setType(job.getType())
        .setRetries(job.getRetries())
        .setWorker(job.getWorker())
        .setDeadline(job.getDeadline())
        .setProcessDefinitionKey(job.getProcessDefinitionKey())
        .setBpmnProcessId(job.getBpmnProcessId())
        .setProcessDefinitionVersion(job.getProcessDefinitionVersion())
        .setProcessInstanceKey(job.getProcessInstanceKey())
        .setElementId(job.getElementId())
        .setElementInstanceKey(job.getElementInstanceKey())
        .setCustomHeaders(MsgPackConverter.convertToJson(job.getCustomHeadersBuffer()))
        .setVariables(MsgPackConverter.convertToJson(job.getVariablesBuffer()))
        .setTenantId(job.getTenantId())
        .build();
  }
}
