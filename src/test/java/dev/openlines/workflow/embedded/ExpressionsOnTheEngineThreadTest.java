package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** FEEL evaluations on the engine's thread: what the embedded engine installs, and how it runs a task. */
class ExpressionsOnTheEngineThreadTest {

  @Test
  void aStartedEngineEvaluatesExpressionsOnItsOwnThread() throws Exception {
    EmbeddedZeebeEngine engine = EngineTestSupport.startEngine(100);
    try {
      assertThat(ExpressionsOnTheEngineThread.current()).isSameAs(ExpressionsOnTheEngineThread.InCallerThread.INSTANCE);
    } finally {
      engine.stop();
    }
  }

  @Test
  void aTaskRunsInTheSubmittingThreadAndIsDoneOnReturn() throws Exception {
    Future<Thread> ranOn = ExpressionsOnTheEngineThread.InCallerThread.INSTANCE.submit(Thread::currentThread);

    assertThat(ranOn.isDone()).isTrue();
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void aFailingTaskFailsItsFutureNotTheSubmitter() {
    Future<Object> failed = ExpressionsOnTheEngineThread.InCallerThread.INSTANCE.submit(() -> {
      throw new IllegalStateException("bad expression");
    });

    assertThat(failed).failsWithin(java.time.Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
  }
}
