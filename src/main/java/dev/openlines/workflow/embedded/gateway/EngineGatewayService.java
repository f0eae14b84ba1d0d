package dev.openlines.workflow.embedded.gateway;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BrokerInfo;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluateDecisionRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluateDecisionResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Partition;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutResponse;
import io.camunda.zeebe.protocol.impl.record.value.incident.IncidentRecord;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.DecisionEvaluationIntent;
import io.camunda.zeebe.protocol.record.intent.DeploymentIntent;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobBatchIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceCreationIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.VariableDocumentIntent;
import io.camunda.zeebe.util.VersionUtil;
import io.grpc.stub.StreamObserver;

/**
 * The Zeebe gateway API of the embedded engine: each call becomes one command on the engine's log,
 * and is answered when the engine has processed it ({@link EngineResponseWriter}).
 *
 * <p>Only the calls OpenLines and its tests make are served (deploy, start, publish, cancel,
 * decisions, the job life cycle, variables, incidents, topology); any other answers UNIMPLEMENTED,
 * where a cluster would serve it. With an external cluster the real Zeebe gateway serves all of them.
 */
final class EngineGatewayService extends GatewayGrpc.GatewayImplBase {

  private final CommandSubmission commands;
  private final JobPushStreams jobStreams;
  private final int partitionId;
  private final int port;

  EngineGatewayService(
      EngineCommandLog commands, PendingRequests pending, JobPushStreams jobStreams, int partitionId, int port) {
    this.commands = new CommandSubmission(commands, pending, partitionId);
    this.jobStreams = jobStreams;
    this.partitionId = partitionId;
    this.port = port;
  }

  @Override
  public void deployResource(DeployResourceRequest request, StreamObserver<DeployResourceResponse> response) {
    commands.submit(ValueType.DEPLOYMENT, DeploymentIntent.CREATE, GatewayCommands.deployment(request), response,
        (key, intent, value) -> GatewayResponses.deployed(key, value));
  }

  @Override
  public void createProcessInstance(
      CreateProcessInstanceRequest request, StreamObserver<CreateProcessInstanceResponse> response) {
    commands.submit(ValueType.PROCESS_INSTANCE_CREATION, ProcessInstanceCreationIntent.CREATE, GatewayCommands.creation(request),
        response, (key, intent, value) -> GatewayResponses.created(value));
  }

  @Override
  public void createProcessInstanceWithResult(
      CreateProcessInstanceWithResultRequest request,
      StreamObserver<CreateProcessInstanceWithResultResponse> response) {
    commands.submit(ValueType.PROCESS_INSTANCE_CREATION, ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT,
        GatewayCommands.creationWithResult(request), response, (key, intent, value) -> GatewayResponses.completed(value));
  }

  @Override
  public void cancelProcessInstance(
      CancelProcessInstanceRequest request, StreamObserver<CancelProcessInstanceResponse> response) {
    commands.submit(request.getProcessInstanceKey(), ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.CANCEL,
        GatewayCommands.cancellation(request), response,
        (key, intent, value) -> CancelProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void publishMessage(PublishMessageRequest request, StreamObserver<PublishMessageResponse> response) {
    commands.submit(ValueType.MESSAGE, MessageIntent.PUBLISH, GatewayCommands.message(request), response,
        (key, intent, value) -> PublishMessageResponse.newBuilder().setKey(key).build());
  }

  @Override
  public void evaluateDecision(EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> response) {
    commands.submit(ValueType.DECISION_EVALUATION, DecisionEvaluationIntent.EVALUATE, GatewayCommands.evaluation(request),
        response, (key, intent, value) -> GatewayResponses.evaluated(value));
  }

  @Override
  public void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> response) {
    commands.submit(ValueType.JOB_BATCH, JobBatchIntent.ACTIVATE, GatewayCommands.jobBatch(request), response,
        (key, intent, value) -> GatewayResponses.activated(value));
  }

  @Override
  public void streamActivatedJobs(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> response) {
    JobStream.open(request, response, jobStreams);
  }

  @Override
  public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> response) {
    commands.submit(request.getJobKey(), ValueType.JOB, JobIntent.COMPLETE, GatewayCommands.completion(request), response,
        (key, intent, value) -> CompleteJobResponse.getDefaultInstance());
  }

  @Override
  public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> response) {
    commands.submit(request.getJobKey(), ValueType.JOB, JobIntent.FAIL, GatewayCommands.failure(request), response,
        (key, intent, value) -> FailJobResponse.getDefaultInstance());
  }

  @Override
  public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> response) {
    commands.submit(request.getJobKey(), ValueType.JOB, JobIntent.THROW_ERROR, GatewayCommands.error(request), response,
        (key, intent, value) -> ThrowErrorResponse.getDefaultInstance());
  }

  @Override
  public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> response) {
    commands.submit(request.getJobKey(), ValueType.JOB, JobIntent.UPDATE_RETRIES, GatewayCommands.retries(request), response,
        (key, intent, value) -> UpdateJobRetriesResponse.getDefaultInstance());
  }

  @Override
  public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> response) {
    commands.submit(request.getJobKey(), ValueType.JOB, JobIntent.UPDATE_TIMEOUT, GatewayCommands.timeout(request), response,
        (key, intent, value) -> UpdateJobTimeoutResponse.getDefaultInstance());
  }

  @Override
  public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> response) {
    commands.submit(ValueType.VARIABLE_DOCUMENT, VariableDocumentIntent.UPDATE, GatewayCommands.variables(request), response,
        (key, intent, value) -> SetVariablesResponse.newBuilder().setKey(key).build());
  }

  @Override
  public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> response) {
    commands.submit(request.getIncidentKey(), ValueType.INCIDENT, IncidentIntent.RESOLVE, new IncidentRecord(), response,
        (key, intent, value) -> ResolveIncidentResponse.getDefaultInstance());
  }

  @Override
  public void topology(TopologyRequest request, StreamObserver<TopologyResponse> response) {
    Partition partition =
        Partition.newBuilder()
            .setPartitionId(partitionId)
            .setRole(Partition.PartitionBrokerRole.LEADER)
            .setHealth(Partition.PartitionBrokerHealth.HEALTHY)
            .build();
    BrokerInfo broker =
        BrokerInfo.newBuilder()
            .setNodeId(0)
            .setHost("127.0.0.1")
            .setPort(port)
            .setVersion(VersionUtil.getVersion())
            .addPartitions(partition)
            .build();
    response.onNext(
        TopologyResponse.newBuilder()
            .addBrokers(broker)
            .setClusterSize(1)
            .setPartitionsCount(1)
            .setReplicationFactor(1)
            .setGatewayVersion(VersionUtil.getVersion())
            .build());
    response.onCompleted();
  }
}
