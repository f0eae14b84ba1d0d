package dev.openlines.workflow.embedded.gateway;

import com.google.common.util.concurrent.MoreExecutors;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.camunda.zeebe.util.buffer.BufferUtil;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.agrona.DirectBuffer;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;

/**
 * One worker's open job stream: the engine pushes activated jobs of its type, forwarded to the worker in
 * order, off the engine's thread. Closing or cancelling the call unregisters it.
 */
final class JobStream implements JobPushStreams.Consumer {
  private final ServerCallStreamObserver<ActivatedJob> observer;
  private final Executor inOrder = MoreExecutors.newSequentialExecutor(ForkJoinPool.commonPool());

  private JobStream(ServerCallStreamObserver<ActivatedJob> observer) {
    this.observer = observer;
  }

  /** Registers the worker's stream for the jobs of the request's type until the call ends. */
  static void open(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> response, JobPushStreams jobStreams) {
    DirectBuffer jobType = BufferUtil.wrapString(request.getType());
    JobStream stream = new JobStream((ServerCallStreamObserver<ActivatedJob>) response);
    jobStreams.add(jobType, GatewayCommands.activation(request), stream);
    Runnable close = () -> jobStreams.remove(jobType, stream);
    stream.observer.setOnCloseHandler(close);
    stream.observer.setOnCancelHandler(close);
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
