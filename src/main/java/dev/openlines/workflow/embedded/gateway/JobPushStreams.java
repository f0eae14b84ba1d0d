package dev.openlines.workflow.embedded.gateway;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.protocol.impl.stream.job.ActivatedJob;
import io.camunda.zeebe.protocol.impl.stream.job.JobActivationProperties;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job push (the client's {@code StreamActivatedJobs}): the engine hands a job it activates to a
 * worker stream open for that job type. A job no stream accepts is yielded back to the engine,
 * which then leaves it for polling workers, exactly as a Zeebe broker does.
 */
final class JobPushStreams implements JobStreamer {

  private static final Logger log = LoggerFactory.getLogger(JobPushStreams.class);

  /** One open worker stream: pushes a job, or says it is blocked (its client is not ready). */
  interface Consumer {
    CompletionStage<Boolean> push(ActivatedJob job);
  }

  private final ConcurrentMap<DirectBuffer, Stream> streams = new ConcurrentHashMap<>();
  private final EngineCommandLog commandLog;

  JobPushStreams(EngineCommandLog commandLog) {
    this.commandLog = commandLog;
  }

  @Override
  public Optional<JobStream> streamFor(DirectBuffer jobType, Predicate<JobActivationProperties> filter) {
    Stream stream = streams.get(jobType);
    return stream != null && filter.test(stream.properties) ? Optional.of(stream) : Optional.empty();
  }

  void add(DirectBuffer jobType, JobActivationProperties properties, Consumer consumer) {
    streams.compute(
        jobType,
        (type, stream) -> {
          Stream open = stream == null ? new Stream(properties) : stream;
          open.consumers.add(consumer);
          return open;
        });
  }

  void remove(DirectBuffer jobType, Consumer consumer) {
    streams.computeIfPresent(
        jobType,
        (type, stream) -> {
          stream.consumers.remove(consumer);
          return stream.consumers.isEmpty() ? null : stream;
        });
  }

  private void yieldBack(ActivatedJob job) {
    commandLog.write(job.jobKey(), EngineCommandLog.commandMetadata(ValueType.JOB, JobIntent.YIELD), job.jobRecord());
  }

  private final class Stream implements JobStream {
    private final JobActivationProperties properties;
    private final Set<Consumer> consumers = new CopyOnWriteArraySet<>();

    Stream(JobActivationProperties properties) {
      this.properties = properties;
    }

    @Override
    public JobActivationProperties properties() {
      return properties;
    }

    @Override
    public void push(ActivatedJob job) {
      // Spread jobs over the open streams of a type; try each once before giving the job back.
      List<Consumer> order = new ArrayList<>(consumers);
      Collections.shuffle(order);
      tryNext(new ArrayDeque<>(order), job);
    }

    private void tryNext(Queue<Consumer> remaining, ActivatedJob job) {
      Consumer consumer = remaining.poll();
      if (consumer == null) {
        log.debug("No worker stream took job {}: yielding it back to the engine", job.jobKey());
        yieldBack(job);
        return;
      }
      try {
        consumer
            .push(job)
            .whenCompleteAsync(
                (pushed, error) -> {
                  if (error != null || !Boolean.TRUE.equals(pushed)) {
                    CompletableFuture.runAsync(() -> tryNext(remaining, job));
                  }
                });
      } catch (RuntimeException e) {
        log.debug("Pushing job {} failed, trying the next stream", job.jobKey(), e);
        CompletableFuture.runAsync(() -> tryNext(remaining, job));
      }
    }
  }
}
