package dev.openlines.workflow.outbox;

import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Conversations are delivered in parallel ({@code parallelism} at a time), each conversation's
 * commands one after another: its start first, then its messages in the order they were queued. So
 * a new conversation does not wait behind other conversations' backlog or a slow engine call, and a
 * message claimed together with its conversation's start follows it at once instead of being
 * postponed to a later pass. The claiming loop never waits for deliveries; it keeps at most
 * {@code batchSize} claimed commands undelivered, claims again once half of them are delivered, and
 * while it waits for that room every conversation whose commands are delivered wakes it.
 */
@Component
public class ProcessCommandRelay implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ProcessCommandRelay.class);

  private static final Comparator<ProcessCommand> START_FIRST_THEN_QUEUE_ORDER =
      Comparator.comparing((ProcessCommand c) -> c.kind() != ProcessCommand.Kind.START_CONVERSATION)
          .thenComparing(ProcessCommand::createdAt);

  private final ProcessCommandOutbox outbox;
  private final ProcessCommandGateway gateway;
  private final IngestionProperties properties;
  private final QueuedStartCompletion startVariables;
  private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("outbox-relay").factory());
  private final ExecutorService deliverers;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  /**
   * Set while a claiming pass may stop because the deliverers hold too much: a deliverer that finishes
   * then wakes the relay. Otherwise a finished conversation wakes nobody (each wake-up is a query).
   */
  private final AtomicBoolean waitingForRoom = new AtomicBoolean();

  /** Claimed, undelivered commands per conversation; a conversation in here has a deliverer on it. */
  private final Map<String, ArrayDeque<ProcessCommand>> claimed = new HashMap<>();
  /** Ids of the commands in {@link #claimed}: one whose lease ran out while it waited is not queued twice. */
  private final Set<String> claimedIds = new HashSet<>();

  public ProcessCommandRelay(ProcessCommandOutbox outbox, ProcessCommandGateway gateway, IngestionProperties properties,
      QueuedStartCompletion startVariables) {
    this.startVariables = startVariables;
    this.outbox = outbox;
    this.gateway = gateway;
    this.properties = properties;
    this.deliverers =
        Executors.newFixedThreadPool(properties.relay().parallelism(), Thread.ofVirtual().name("outbox-delivery-", 0).factory());
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

  /** Claims due commands and hands them to the deliverers; a call while one runs makes that one go again. */
  void deliverDue() {
    if (!running.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    try {
      boolean more;
      do {
        again.set(false);
        int batchSize = properties.relay().batchSize();
        // Set before counting: a deliverer that frees room after the count sees it and wakes the relay.
        waitingForRoom.set(true);
        int room = batchSize - claimedCount();
        if (room < (batchSize + 1) / 2) {
          // The deliverers are busy; each conversation they finish wakes the relay again. Claiming
          // again only once half the batch is delivered keeps it from scanning for one command.
          return;
        }
        waitingForRoom.set(false);
        List<ProcessCommand> batch = outbox.claimDue(room);
        dispatch(batch);
        more = batch.size() == room;
      } while (again.get() || more);
    } finally {
      running.set(false);
    }
  }

  private int claimedCount() {
    synchronized (claimed) {
      return claimedIds.size();
    }
  }

  private void dispatch(List<ProcessCommand> batch) {
    Map<String, List<ProcessCommand>> byConversation = new LinkedHashMap<>();
    for (ProcessCommand command : batch) {
      byConversation.computeIfAbsent(command.conversationId(), id -> new ArrayList<>()).add(command);
    }
    byConversation.forEach((conversationId, commands) -> {
      commands.sort(START_FIRST_THEN_QUEUE_ORDER);
      boolean newDeliverer;
      synchronized (claimed) {
        ArrayDeque<ProcessCommand> queue = claimed.get(conversationId);
        newDeliverer = queue == null;
        if (newDeliverer) {
          queue = new ArrayDeque<>();
          claimed.put(conversationId, queue);
        }
        for (ProcessCommand command : commands) {
          if (claimedIds.add(command.id())) {
            queue.add(command);
          }
        }
      }
      if (newDeliverer) {
        deliverers.execute(() -> deliverConversation(conversationId));
      }
    });
  }

  /** Delivers the conversation's claimed commands in order, also those claimed while it works. */
  private void deliverConversation(String conversationId) {
    ProcessCommand current = null;
    boolean drained = false;
    try {
      while (!drained) {
        synchronized (claimed) {
          if (current != null) {
            claimedIds.remove(current.id());
          }
          current = claimed.get(conversationId).poll();
          drained = current == null;
          if (drained) {
            claimed.remove(conversationId); // in the same lock: dispatch starts a new deliverer now
          }
        }
        if (!drained) {
          deliver(current);
        }
      }
    } finally {
      if (!drained) {
        synchronized (claimed) {
          // Only after an Error: what is left stays claimed in the store until its lease ends and is
          // retried then; no queue may stay behind without a deliverer working on it.
          if (current != null) {
            claimedIds.remove(current.id());
          }
          ArrayDeque<ProcessCommand> rest = claimed.remove(conversationId);
          if (rest != null) {
            rest.forEach(command -> claimedIds.remove(command.id()));
          }
        }
      }
    }
    if (waitingForRoom.get()) {
      wakeUp();
    }
  }

  private void deliver(ProcessCommand command) {
    try {
      switch (command.kind()) {
        case START_CONVERSATION -> {
          gateway.startConversation(command.conversationId(), command.id(), startVariables.completed(command.variables()));
          outbox.markDelivered(command);
        }
        case PUBLISH_MESSAGE -> {
          if (outbox.startPending(command.conversationId())) {
            outbox.postpone(command.id(), properties.relay().initialBackoff());
            return;
          }
          publishUnlessTakenBefore(command);
          outbox.markDelivered(command);
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

  /**
   * An earlier attempt may have reached the engine and lost only its answer (a timeout, a dropped connection):
   * while the engine still buffers that message it refuses the same id with ALREADY_EXISTS. The message is
   * delivered then; retrying until its buffer time ran out would publish it a second time.
   */
  private void publishUnlessTakenBefore(ProcessCommand command) {
    try {
      gateway.publishMessage(
          command.messageName(), command.conversationId(), command.id(), command.timeToLive(), command.variables());
    } catch (ClientStatusException refused) {
      if (refused.getStatusCode() != Status.Code.ALREADY_EXISTS) {
        throw refused;
      }
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
    deliverers.shutdownNow();
  }
}
