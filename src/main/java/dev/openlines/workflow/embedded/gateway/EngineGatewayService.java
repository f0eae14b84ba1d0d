package dev.openlines.workflow.embedded.gateway;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.GeneratedMessage;
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
import io.camunda.zeebe.msgpack.value.StringValue;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.impl.record.value.decision.DecisionEvaluationRecord;
import io.camunda.zeebe.protocol.impl.record.value.deployment.DeploymentRecord;
import io.camunda.zeebe.protocol.impl.record.value.incident.IncidentRecord;
import io.camunda.zeebe.protocol.impl.record.value.job.JobBatchRecord;
import io.camunda.zeebe.protocol.impl.record.value.job.JobRecord;
import io.camunda.zeebe.protocol.impl.record.value.message.MessageRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceCreationRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceCreationStartInstruction;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceRecord;
import io.camunda.zeebe.protocol.impl.record.value.variable.VariableDocumentRecord;
import io.camunda.zeebe.protocol.impl.stream.job.JobActivationPropertiesImpl;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.DecisionEvaluationIntent;
import io.camunda.zeebe.protocol.record.intent.DeploymentIntent;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.JobBatchIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceCreationIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.VariableDocumentIntent;
import io.camunda.zeebe.protocol.record.value.VariableDocumentUpdateSemantic;
import io.camunda.zeebe.util.VersionUtil;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.agrona.DirectBuffer;

/**
 * The Zeebe gateway API of the embedded engine: each call becomes one command on the engine's log,
 * and is answered when the engine has processed it ({@link EngineResponseWriter}).
 *
 * <p>Only the calls OpenLines and its tests make are served (deploy, start, publish, cancel,
 * decisions, the job life cycle, variables, incidents, topology); any other answers UNIMPLEMENTED,
 * where a cluster would serve it. With an external cluster the real Zeebe gateway serves all of them.
 */
final class EngineGatewayService extends GatewayGrpc.GatewayImplBase {

  private final EngineCommandLog commands;
  private final PendingRequests pending;
  private final JobPushStreams jobStreams;
  private final int partitionId;
  private final int port;

  EngineGatewayService(
      EngineCommandLog commands, PendingRequests pending, JobPushStreams jobStreams, int partitionId, int port) {
    this.commands = commands;
    this.pending = pending;
    this.jobStreams = jobStreams;
    this.partitionId = partitionId;
    this.port = port;
  }

  @Override
  public void deployResource(DeployResourceRequest request, StreamObserver<DeployResourceResponse> response) {
    DeploymentRecord deployment = new DeploymentRecord();
    request.getResourcesList().forEach(
        resource ->
            deployment.resources().add()
                .setResourceName(resource.getName())
                .setResource(resource.getContent().toByteArray()));
    submit(ValueType.DEPLOYMENT, DeploymentIntent.CREATE, deployment, response, (key, intent, value) -> GatewayResponses.deployed(key, value));
  }

  @Override
  public void createProcessInstance(
      CreateProcessInstanceRequest request, StreamObserver<CreateProcessInstanceResponse> response) {
    submit(
        ValueType.PROCESS_INSTANCE_CREATION,
        ProcessInstanceCreationIntent.CREATE,
        creation(request),
        response,
        (key, intent, value) -> GatewayResponses.created(value));
  }

  @Override
  public void createProcessInstanceWithResult(
      CreateProcessInstanceWithResultRequest request,
      StreamObserver<CreateProcessInstanceWithResultResponse> response) {
    ProcessInstanceCreationRecord creation = creation(request.getRequest());
    creation.setFetchVariables(request.getFetchVariablesList());
    submit(
        ValueType.PROCESS_INSTANCE_CREATION,
        ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT,
        creation,
        response,
        (key, intent, value) -> GatewayResponses.completed(value));
  }

  @Override
  public void cancelProcessInstance(
      CancelProcessInstanceRequest request, StreamObserver<CancelProcessInstanceResponse> response) {
    ProcessInstanceRecord instance = new ProcessInstanceRecord();
    instance.setProcessInstanceKey(request.getProcessInstanceKey());
    submit(
        request.getProcessInstanceKey(),
        ValueType.PROCESS_INSTANCE,
        ProcessInstanceIntent.CANCEL,
        instance,
        response,
        (key, intent, value) -> CancelProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void publishMessage(PublishMessageRequest request, StreamObserver<PublishMessageResponse> response) {
    MessageRecord message = new MessageRecord();
    message.setName(request.getName());
    message.setCorrelationKey(request.getCorrelationKey());
    message.setMessageId(request.getMessageId());
    message.setTimeToLive(request.getTimeToLive());
    if (!request.getVariables().isEmpty()) {
      message.setVariables(msgPack(request.getVariables()));
    }
    submit(
        ValueType.MESSAGE,
        MessageIntent.PUBLISH,
        message,
        response,
        (key, intent, value) -> PublishMessageResponse.newBuilder().setKey(key).build());
  }

  @Override
  public void evaluateDecision(EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> response) {
    DecisionEvaluationRecord evaluation = new DecisionEvaluationRecord();
    if (request.getDecisionKey() > 0) {
      evaluation.setDecisionKey(request.getDecisionKey());
    } else {
      evaluation.setDecisionId(request.getDecisionId());
    }
    if (!request.getVariables().isEmpty()) {
      evaluation.setVariables(msgPack(request.getVariables()));
    }
    submit(
        ValueType.DECISION_EVALUATION,
        DecisionEvaluationIntent.EVALUATE,
        evaluation,
        response,
        (key, intent, value) -> GatewayResponses.evaluated(value));
  }

  @Override
  public void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> response) {
    JobBatchRecord batch = new JobBatchRecord();
    batch.setType(request.getType());
    batch.setWorker(request.getWorker());
    batch.setTimeout(request.getTimeout());
    batch.setMaxJobsToActivate(request.getMaxJobsToActivate());
    request.getFetchVariableList().forEach(name -> batch.variables().add().wrap(BufferUtil.wrapString(name)));
    submit(
        ValueType.JOB_BATCH,
        JobBatchIntent.ACTIVATE,
        batch,
        response,
        (key, intent, value) -> GatewayResponses.activated(value));
  }

  @Override
  public void streamActivatedJobs(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> response) {
    DirectBuffer worker = BufferUtil.wrapString(request.getWorker());
    JobActivationPropertiesImpl properties =
        new JobActivationPropertiesImpl()
            .setWorker(worker, 0, worker.capacity())
            .setTimeout(request.getTimeout())
            .setFetchVariables(
                request.getFetchVariableList().stream().map(name -> new StringValue(name)).toList())
            .setTenantIds(request.getTenantIdsList());
    DirectBuffer jobType = BufferUtil.wrapString(request.getType());
    WorkerStream stream = new WorkerStream((ServerCallStreamObserver<ActivatedJob>) response);
    jobStreams.add(jobType, properties, stream);
    Runnable close = () -> jobStreams.remove(jobType, stream);
    stream.observer.setOnCloseHandler(close);
    stream.observer.setOnCancelHandler(close);
  }

  @Override
  public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> response) {
    JobRecord job = new JobRecord();
    if (!request.getVariables().isEmpty()) {
      job.setVariables(msgPack(request.getVariables()));
    }
    submit(
        request.getJobKey(),
        ValueType.JOB,
        JobIntent.COMPLETE,
        job,
        response,
        (key, intent, value) -> CompleteJobResponse.getDefaultInstance());
  }

  @Override
  public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> response) {
    JobRecord job = new JobRecord();
    job.setRetries(request.getRetries());
    job.setErrorMessage(request.getErrorMessage());
    job.setRetryBackoff(request.getRetryBackOff());
    if (!request.getVariables().isEmpty()) {
      job.setVariables(msgPack(request.getVariables()));
    }
    submit(
        request.getJobKey(),
        ValueType.JOB,
        JobIntent.FAIL,
        job,
        response,
        (key, intent, value) -> FailJobResponse.getDefaultInstance());
  }

  @Override
  public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> response) {
    JobRecord job = new JobRecord();
    job.setErrorCode(BufferUtil.wrapString(request.getErrorCode()));
    job.setErrorMessage(request.getErrorMessage());
    if (!request.getVariables().isEmpty()) {
      job.setVariables(msgPack(request.getVariables()));
    }
    submit(
        request.getJobKey(),
        ValueType.JOB,
        JobIntent.THROW_ERROR,
        job,
        response,
        (key, intent, value) -> ThrowErrorResponse.getDefaultInstance());
  }

  @Override
  public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> response) {
    JobRecord job = new JobRecord();
    job.setRetries(request.getRetries());
    submit(
        request.getJobKey(),
        ValueType.JOB,
        JobIntent.UPDATE_RETRIES,
        job,
        response,
        (key, intent, value) -> UpdateJobRetriesResponse.getDefaultInstance());
  }

  @Override
  public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> response) {
    JobRecord job = new JobRecord();
    job.setTimeout(request.getTimeout());
    submit(
        request.getJobKey(),
        ValueType.JOB,
        JobIntent.UPDATE_TIMEOUT,
        job,
        response,
        (key, intent, value) -> UpdateJobTimeoutResponse.getDefaultInstance());
  }

  @Override
  public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> response) {
    VariableDocumentRecord document = new VariableDocumentRecord();
    if (!request.getVariables().isEmpty()) {
      document.setVariables(msgPack(request.getVariables()));
    }
    document.setScopeKey(request.getElementInstanceKey());
    document.setUpdateSemantics(
        request.getLocal() ? VariableDocumentUpdateSemantic.LOCAL : VariableDocumentUpdateSemantic.PROPAGATE);
    submit(
        ValueType.VARIABLE_DOCUMENT,
        VariableDocumentIntent.UPDATE,
        document,
        response,
        (key, intent, value) -> SetVariablesResponse.newBuilder().setKey(key).build());
  }

  @Override
  public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> response) {
    submit(
        request.getIncidentKey(),
        ValueType.INCIDENT,
        IncidentIntent.RESOLVE,
        new IncidentRecord(),
        response,
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

  private static ProcessInstanceCreationRecord creation(CreateProcessInstanceRequest request) {
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

  /** A command that creates something (the engine assigns its key), answered by {@code mapper}. */
  private <T extends GeneratedMessage> void submit(
      ValueType valueType,
      Intent intent,
      UnifiedRecordValue command,
      StreamObserver<T> response,
      PendingRequests.ResponseMapper mapper) {
    long requestId = pending.register(response, mapper);
    if (!commands.write(metadata(requestId, valueType, intent), command)) {
      refuse(requestId, response);
    }
  }

  /** A command about the entity {@code key} names, answered by {@code mapper}. */
  private <T extends GeneratedMessage> void submit(
      long key,
      ValueType valueType,
      Intent intent,
      UnifiedRecordValue command,
      StreamObserver<T> response,
      PendingRequests.ResponseMapper mapper) {
    long requestId = pending.register(response, mapper);
    if (!commands.write(key, metadata(requestId, valueType, intent), command)) {
      refuse(requestId, response);
    }
  }

  private RecordMetadata metadata(long requestId, ValueType valueType, Intent intent) {
    return EngineCommandLog.commandMetadata(valueType, intent).requestId(requestId).requestStreamId(partitionId);
  }

  /** The log did not take the command (full, or closing): the caller retries, as with a busy broker. */
  private void refuse(long requestId, StreamObserver<?> response) {
    if (pending.remove(requestId) != null) {
      response.onError(
          Status.RESOURCE_EXHAUSTED.withDescription("The embedded engine's log did not accept the command").asRuntimeException());
    }
  }

  private static DirectBuffer msgPack(String json) {
    return BufferUtil.wrapArray(MsgPackConverter.convertToMsgPack(json));
  }

  /** One worker's open job stream: jobs are forwarded in order, off the engine's thread. */
  private static final class WorkerStream implements JobPushStreams.Consumer {
    private final ServerCallStreamObserver<ActivatedJob> observer;
    private final Executor inOrder = MoreExecutors.newSequentialExecutor(ForkJoinPool.commonPool());

    WorkerStream(ServerCallStreamObserver<ActivatedJob> observer) {
      this.observer = observer;
    }

    @Override
    public CompletionStage<Boolean> push(io.camunda.zeebe.protocol.impl.stream.job.ActivatedJob job) {
      return CompletableFuture.supplyAsync(() -> forward(job), inOrder);
    }

    private boolean forward(io.camunda.zeebe.protocol.impl.stream.job.ActivatedJob job) {
      if (!observer.isReady()) {
        return false;
      }
      try {
        observer.onNext(GatewayResponses.activatedJob(job.jobKey(), job.jobRecord()));
        return true;
      } catch (RuntimeException e) {
        // A broken stream: end it (its close handler unregisters it) and let the next one take the job.
        observer.onError(Status.INTERNAL.withDescription("Job stream broken").withCause(e).asRuntimeException());
        throw e;
      }
    }
  }
}
