package dev.openlines.conversation.inbound;

import io.camunda.client.api.command.ClientStatusException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers queued process commands to the engine, oldest first, and retries failed ones with
 * exponential backoff for as long as the engine is unavailable: a message acknowledged to a
 * messenger is never lost. A conversation's messages wait until its process start was accepted.
 */
@Component
public class ProcessCommandRelay implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ProcessCommandRelay.class);

  private final ProcessCommandOutbox outbox;
  private final ProcessCommandGateway gateway;
  private final IngestionProperties properties;
  private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("outbox-relay").factory());
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  public ProcessCommandRelay(
      ProcessCommandOutbox outbox, ProcessCommandGateway gateway, IngestionProperties properties) {
    this.outbox = outbox;
    this.gateway = gateway;
    this.properties = properties;
  }

  /** Delivers soon, without waiting for the next poll; called after a command was queued. */
  public void wakeUp() {
    if (!wakeUps.isShutdown()) {
      wakeUps.execute(this::deliverDue);
    }
  }

  @Scheduled(fixedDelayString = "${openlines.ingestion.relay.poll-interval:PT0.5S}")
  void poll() {
    deliverDue();
  }

  /** One pass over the due commands; a pass requested while one runs makes that one go again. */
  void deliverDue() {
    if (!running.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    try {
      do {
        again.set(false);
        for (int i = 0; i < properties.relay().batchSize(); i++) {
          Optional<ProcessCommand> next = outbox.claimNext();
          if (next.isEmpty()) {
            break;
          }
          deliver(next.get());
        }
      } while (again.get());
    } finally {
      running.set(false);
    }
  }

  private void deliver(ProcessCommand command) {
    try {
      switch (command.kind()) {
        case START_CONVERSATION -> {
          gateway.startConversation(command.conversationId(), command.id(), command.variables());
          outbox.markDelivered(command.id());
        }
        case PUBLISH_MESSAGE -> {
          if (outbox.startPending(command.conversationId())) {
            outbox.postpone(command.id(), properties.relay().initialBackoff());
            return;
          }
          gateway.publishMessage(
              command.messageName(), command.conversationId(), command.id(), command.timeToLive(), command.variables());
          outbox.markDelivered(command.id());
        }
      }
    } catch (Exception e) {
      // Any exception, also a checked one thrown sneakily: a command left claimed would wait out
      // the whole lease before anyone retried it.
      if (command.attempts() == 0) {
        log.warn("Engine did not accept {} for conversation {}; retrying with backoff: {}", command.id(), command.conversationId(), describe(e));
      } else {
        log.debug("Attempt {} of {} failed: {}", command.attempts() + 1, command.id(), describe(e));
      }
      outbox.markFailed(command, describe(e));
    }
  }

  /** gRPC failures say what happened in their status code (UNAVAILABLE, DEADLINE_EXCEEDED, ...). */
  private static String describe(Exception e) {
    if (e instanceof ClientStatusException status) {
      return status.getStatusCode() + ": " + status.getMessage();
    }
    return e.toString();
  }

  @Override
  public void destroy() {
    wakeUps.shutdownNow();
  }
}
