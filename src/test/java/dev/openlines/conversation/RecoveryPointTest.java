package dev.openlines.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RecoveryPointTest {

  @Test
  void eachStoredStateHasItsWaitingElement() {
    assertThat(RecoveryPoint.of(ConversationStatus.NEW, false, false, false)).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(ConversationStatus.WAITING, false, false, false)).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(ConversationStatus.OFFERED, false, false, false)).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(ConversationStatus.OFFERED, true, false, false)).contains(RecoveryPoint.ANSWERED);
    assertThat(RecoveryPoint.of(ConversationStatus.IN_PROGRESS, true, false, false)).contains(RecoveryPoint.IN_PROGRESS);
    assertThat(RecoveryPoint.of(ConversationStatus.IN_PROGRESS, true, true, false)).contains(RecoveryPoint.TRANSFER);
    assertThat(RecoveryPoint.of(ConversationStatus.IN_PROGRESS, false, true, false)).contains(RecoveryPoint.TRANSFER);
    assertThat(RecoveryPoint.of(ConversationStatus.WAITING, false, true, false)).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(ConversationStatus.OFFERED, true, true, false)).contains(RecoveryPoint.ANSWERED);
    assertThat(RecoveryPoint.of(ConversationStatus.CLOSED, true, false, true)).contains(RecoveryPoint.RATING_WAIT);
    assertThat(RecoveryPoint.of(ConversationStatus.CLOSED, true, false, false)).isEmpty();
    assertThat(RecoveryPoint.of(ConversationStatus.SPAM, false, false, true)).isEmpty();
  }

  /** A renamed element would silently stop recovery of that state: the product model must keep the ids. */
  @Test
  void theProductModelHasTheElementsRecoveryStartsBefore() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/models/bpmn/conversation.bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromStream(in);
      for (RecoveryPoint point : RecoveryPoint.values()) {
        assertThat((Object) model.getModelElementById(point.elementId())).as(point.elementId()).isNotNull();
      }
    }
  }
}
