package dev.openlines.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A stream whose browser went away never fails the sender (an offer job, an operator's request). */
class SseHubTest {

  /** What Tomcat does after the client dropped the connection: the write fails, and so does ending the request. */
  static final class DroppedStream extends SseEmitter {
    DroppedStream(long timeout) {
      super(timeout);
    }

    @Override
    public void send(SseEventBuilder builder) throws IOException {
      throw new IllegalStateException("A non-container (application) thread attempted to use the AsyncContext after an error");
    }

    @Override
    public synchronized void completeWithError(Throwable ex) {
      throw new IllegalStateException("AsyncContext already errored");
    }
  }

  @Test
  void aStreamWhoseRequestTheContainerAlreadyEndedIsReleasedWithoutFailingTheSender() {
    SseHub hub = new SseHub(new PushProperties(Duration.ofSeconds(30), 100, 4, Duration.ofSeconds(15), 500),
        new SimpleMeterRegistry(), java.time.Clock.systemUTC()) {
      @Override
      SseEmitter newEmitter(long timeoutMillis) {
        return new DroppedStream(timeoutMillis);
      }
    };
    hub.open("operator:ann", 60_000);

    boolean sent = hub.sendToAll("operator:ann", SseEmitter.event().name("offer").data("{}"));

    assertThat(sent).isFalse();
    assertThat(hub.openStreams()).isZero();
    assertThat(hub.streamsOf("operator:ann")).isEmpty();
    hub.stop();
  }
}
