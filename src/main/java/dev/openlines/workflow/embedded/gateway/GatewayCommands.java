package dev.openlines.workflow.embedded.gateway;

import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluateDecisionRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutRequest;
import io.camunda.zeebe.msgpack.value.StringValue;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.value.decision.DecisionEvaluationRecord;
import io.camunda.zeebe.protocol.impl.record.value.deployment.DeploymentRecord;
import io.camunda.zeebe.protocol.impl.record.value.job.JobBatchRecord;
import io.camunda.zeebe.protocol.impl.record.value.job.JobRecord;
import io.camunda.zeebe.protocol.impl.record.value.message.MessageRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceCreationRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceCreationStartInstruction;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceRecord;
import io.camunda.zeebe.protocol.impl.record.value.variable.VariableDocumentRecord;
import io.camunda.zeebe.protocol.impl.stream.job.JobActivationPropertiesImpl;
import io.camunda.zeebe.protocol.record.value.VariableDocumentUpdateSemantic;
import io.camunda.zeebe.util.buffer.BufferUtil;
import org.agrona.DirectBuffer;

/**
 * Translates the gateway's requests into the engine's command records (the inverse of {@link GatewayResponses}).
 * Variables arrive as JSON and go to the engine as MessagePack.
 */
final class GatewayCommands {

  private GatewayCommands() {}

  static DeploymentRecord deployment(DeployResourceRequest request) {
    DeploymentRecord deployment = new DeploymentRecord();
    request.getResourcesList().forEach(
        resource ->
            deployment.resources().add()
                .setResourceName(resource.getName())
                .setResource(resource.getContent().toByteArray()));
    return deployment;
  }

  static ProcessInstanceCreationRecord creation(CreateProcessInstanceRequest request) {
    ProcessInstanceCreationRecord creation = new ProcessInstanceCreationRecord();
    creation.setBpmnProcessId(request.getBpmnProcessId());
    creation.setVersion(request.getVersion());
    creation.setProcessDefinitionKey(request.getProcessDefinitionKey());
    request.getStartInstructionsList().forEach(
        start -> creation.addStartInstruction(new ProcessInstanceCreationStartInstruction().setElementId(start.getElementId())));
    if (!request.getVariables().isEmpty()) {
      creation.setVariables(msgPack(request.getVariables()));
    }
    return creation;
  }

  static ProcessInstanceCreationRecord creationWithResult(CreateProcessInstanceWithResultRequest request) {
    ProcessInstanceCreationRecord creation = creation(request.getRequest());
    creation.setFetchVariables(request.getFetchVariablesList());
    return creation;
  }

  static ProcessInstanceRecord cancellation(CancelProcessInstanceRequest request) {
    ProcessInstanceRecord instance = new ProcessInstanceRecord();
    instance.setProcessInstanceKey(request.getProcessInstanceKey());
    return instance;
  }

  static MessageRecord message(PublishMessageRequest request) {
    MessageRecord message = new MessageRecord();
    message.setName(request.getName());
    message.setCorrelationKey(request.getCorrelationKey());
    message.setMessageId(request.getMessageId());
    message.setTimeToLive(request.getTimeToLive());
    if (!request.getVariables().isEmpty()) {
      message.setVariables(msgPack(request.getVariables()));
    }
    return message;
  }

  static DecisionEvaluationRecord evaluation(EvaluateDecisionRequest request) {
    DecisionEvaluationRecord evaluation = new DecisionEvaluationRecord();
    if (request.getDecisionKey() > 0) {
      evaluation.setDecisionKey(request.getDecisionKey());
    } else {
      evaluation.setDecisionId(request.getDecisionId());
    }
    if (!request.getVariables().isEmpty()) {
      evaluation.setVariables(msgPack(request.getVariables()));
    }
    return evaluation;
  }

  static JobBatchRecord jobBatch(ActivateJobsRequest request) {
    JobBatchRecord batch = new JobBatchRecord();
    batch.setType(request.getType());
    batch.setWorker(request.getWorker());
    batch.setTimeout(request.getTimeout());
    batch.setMaxJobsToActivate(request.getMaxJobsToActivate());
    request.getFetchVariableList().forEach(name -> batch.variables().add().wrap(BufferUtil.wrapString(name)));
    return batch;
  }

  static JobActivationPropertiesImpl activation(StreamActivatedJobsRequest request) {
    DirectBuffer worker = BufferUtil.wrapString(request.getWorker());
    return new JobActivationPropertiesImpl()
        .setWorker(worker, 0, worker.capacity())
        .setTimeout(request.getTimeout())
        .setFetchVariables(request.getFetchVariableList().stream().map(name -> new StringValue(name)).toList())
        .setTenantIds(request.getTenantIdsList());
  }

  static JobRecord completion(CompleteJobRequest request) {
    return withVariables(new JobRecord(), request.getVariables());
  }

  static JobRecord failure(FailJobRequest request) {
    JobRecord job = new JobRecord();
    job.setRetries(request.getRetries());
    job.setErrorMessage(request.getErrorMessage());
    job.setRetryBackoff(request.getRetryBackOff());
    return withVariables(job, request.getVariables());
  }

  static JobRecord error(ThrowErrorRequest request) {
    JobRecord job = new JobRecord();
    job.setErrorCode(BufferUtil.wrapString(request.getErrorCode()));
    job.setErrorMessage(request.getErrorMessage());
    return withVariables(job, request.getVariables());
  }

  static JobRecord retries(UpdateJobRetriesRequest request) {
    JobRecord job = new JobRecord();
    job.setRetries(request.getRetries());
    return job;
  }

  static JobRecord timeout(UpdateJobTimeoutRequest request) {
    JobRecord job = new JobRecord();
    job.setTimeout(request.getTimeout());
    return job;
  }

  static VariableDocumentRecord variables(SetVariablesRequest request) {
    VariableDocumentRecord document = new VariableDocumentRecord();
    if (!request.getVariables().isEmpty()) {
      document.setVariables(msgPack(request.getVariables()));
    }
    document.setScopeKey(request.getElementInstanceKey());
    document.setUpdateSemantics(
        request.getLocal() ? VariableDocumentUpdateSemantic.LOCAL : VariableDocumentUpdateSemantic.PROPAGATE);
    return document;
  }

  private static JobRecord withVariables(JobRecord job, String variables) {
    if (!variables.isEmpty()) {
      job.setVariables(msgPack(variables));
    }
    return job;
  }

  private static DirectBuffer msgPack(String json) {
    return BufferUtil.wrapArray(MsgPackConverter.convertToMsgPack(json));
  }
}
