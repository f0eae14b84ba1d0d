package dev.openlines.workflow.embedded;

import io.camunda.zeebe.engine.processing.common.ExpressionProcessor;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zeebe 8.8 evaluates every FEEL expression (job types, mappings, conditions, correlation keys, even static
 * ones) on a new virtual thread and waits for it with a timed get, to stop a runaway expression after
 * its timeout. The engine processes one command at a time on one thread, so every evaluation costs that
 * thread a park and a wake-up: on 2 cores ~100 context switches per conversation and a slower engine step.
 * Evaluating on the engine's own thread took 50 new conversations/s where the hand-off took ~38
 * (bench/RESULTS.md, twenty-seventh sitting). The price is the timeout: an expression that never ends
 * holds the engine instead of failing after it; the models' expressions are short and bounded.
 *
 * <p>Zeebe has no setting for it (the executor is a static field), so it is replaced once per JVM. Should a
 * later Zeebe not have that field, the engine runs as Zeebe made it, with a warning.
 */
final class ExpressionsOnTheEngineThread {

  private static final Logger log = LoggerFactory.getLogger(ExpressionsOnTheEngineThread.class);
  private static final String EXECUTOR_FIELD = "VIRTUAL_THREAD_EXECUTOR";

  private ExpressionsOnTheEngineThread() {}

  /** @return whether expressions are now evaluated on the calling (engine) thread */
  static boolean install() {
    try {
      // Initialised first: its static initialiser would set the field again when the engine first used it.
      Class<?> processor = Class.forName(ExpressionProcessor.class.getName(), true, ExpressionProcessor.class.getClassLoader());
      Field field = processor.getDeclaredField(EXECUTOR_FIELD);
      if (!ExecutorService.class.isAssignableFrom(field.getType())) {
        throw new NoSuchFieldException(EXECUTOR_FIELD + " is a " + field.getType().getName());
      }
      Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
      unsafe.putObjectVolatile(unsafe.staticFieldBase(field), unsafe.staticFieldOffset(field), InCallerThread.INSTANCE);
      return true;
    } catch (ReflectiveOperationException | RuntimeException notThisZeebe) {
      log.warn("FEEL expressions stay on Zeebe's virtual threads (one hand-off per evaluation): {}", notThisZeebe.toString());
      return false;
    }
  }

  /** The executor Zeebe's expression processor uses now. */
  static ExecutorService current() throws ReflectiveOperationException {
    Field field = ExpressionProcessor.class.getDeclaredField(EXECUTOR_FIELD);
    field.setAccessible(true);
    return (ExecutorService) field.get(null);
  }

  /** Runs each task at once in the thread that submits it; the future it returns is done on return. */
  static final class InCallerThread extends AbstractExecutorService {

    static final InCallerThread INSTANCE = new InCallerThread();

    @Override
    public void execute(Runnable task) {
      task.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }
  }
}
