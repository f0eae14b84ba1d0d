package dev.openlines.push;

import dev.openlines.conversation.ConversationEvent;
import dev.openlines.conversation.ConversationMessage;
import dev.openlines.kpi.SupervisorNotification;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.mapping.event.AfterSaveEvent;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Turns {@link ConversationEvent}s into operator stream events: finds who should see each one (the
 * operators it was offered to or who hold it, and the supervisors), appends it to their logs and pushes it
 * to their open streams. Stored messages and supervisor notifications are picked up from the store's own
 * save events, so ingestion and the KPI worker need no change to be heard.
 */
@Component
class OperatorEventRelay {

  static final String SUPERVISORS = "supervisors";

  private final OperatorEventLog log;
  private final SseHub hub;
  private final RoutingService routing;
  private final ApplicationEventPublisher events;

  OperatorEventRelay(OperatorEventLog log, SseHub hub, RoutingService routing, ApplicationEventPublisher events) {
    this.log = log;
    this.hub = hub;
    this.routing = routing;
    this.events = events;
  }

  static String operatorSubject(String operatorId) {
    return "operator:" + operatorId;
  }

  @EventListener
  void on(ConversationEvent event) {
    for (String recipient : recipientsOf(event)) {
      OperatorEventLog.Entry entry = log.append(recipient, event.type(), event);
      hub.sendToAll(recipient, toSse(entry));
    }
  }

  @EventListener
  void messageStored(AfterSaveEvent<?> saved) {
    if (saved.getSource() instanceof ConversationMessage message && message.getConversationId() != null) {
      events.publishEvent(new ConversationEvent.Message(message.getConversationId(), message.getId(),
          message.getAuthor() == null ? null : message.getAuthor().name(), message.getOperatorId(), message.getText(),
          message.isSilent(), message.getCreatedAt()));
    } else if (saved.getSource() instanceof SupervisorNotification alert) {
      events.publishEvent(new ConversationEvent.KpiAlert(alert.conversationId(), alert.id(), alert.operatorId(), alert.text(),
          alert.createdAt()));
    }
  }

  static SseEmitter.SseEventBuilder toSse(OperatorEventLog.Entry entry) {
    return SseEmitter.event().id(entry.id()).name(entry.type()).data(entry.data(), MediaType.APPLICATION_JSON);
  }

  private Set<String> recipientsOf(ConversationEvent event) {
    Set<String> recipients = new LinkedHashSet<>();
    switch (event) {
      case ConversationEvent.OfferMade offer -> offer.operatorIds().forEach(id -> recipients.add(operatorSubject(id)));
      case ConversationEvent.OfferWithdrawn withdrawn -> recipients.add(operatorSubject(withdrawn.operatorId()));
      case ConversationEvent.Assigned assigned -> recipients.add(operatorSubject(assigned.operatorId()));
      case ConversationEvent.KpiAlert alert -> {}
      case ConversationEvent.OperatorTyping typing -> {
        return recipients;
      }
      case ConversationEvent.Transferred transfer -> {
        recipients.add(operatorSubject(transfer.fromOperatorId()));
        if (transfer.toOperatorId() != null) {
          recipients.add(operatorSubject(transfer.toOperatorId()));
        }
      }
      default -> involved(event.conversationId(), recipients);
    }
    if (!(event instanceof ConversationEvent.ClientTyping)) {
      recipients.add(SUPERVISORS);
    }
    return recipients;
  }

  /** The holder and everyone the conversation is offered to right now. */
  private void involved(String conversationId, Set<String> recipients) {
    var state = routing.state(conversationId);
    if (state.isEmpty()) {
      return; // never routed (a new conversation's first message): nobody holds it, no offer exists to read
    }
    if (state.get().getAssignedOperatorId() != null) {
      recipients.add(operatorSubject(state.get().getAssignedOperatorId()));
    }
    for (Offer offer : routing.offers(conversationId)) {
      if (offer.status() == OfferStatus.OFFERED) {
        recipients.add(operatorSubject(offer.operatorId()));
      }
    }
  }
}
