package dev.openlines.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.conversation.ConversationStatus;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.InputStream;
import dev.openlines.recovery.RecoveryPoint.StoredState;
import org.junit.jupiter.api.Test;

class RecoveryPointTest {

  @Test
  void eachStoredStateHasItsWaitingElement() {
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.NEW))).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.WAITING))).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.OFFERED))).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.NEW).withHoldUntilOpening())).contains(RecoveryPoint.HELD_UNTIL_OPENING);
    assertThat(RecoveryPoint.HELD_UNTIL_OPENING.waitsForAnOperator()).isFalse();
    assertThat(RecoveryPoint.HELD_UNTIL_OPENING.mayAwaitTheFirstReply()).as("its clock starts when it is served").isFalse();
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.WAITING).withWaitInQueue())).contains(RecoveryPoint.QUEUED);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.WAITING).withWaitInQueue().withTransferPending()))
        .contains(RecoveryPoint.QUEUED);
    assertThat(RecoveryPoint.QUEUED.waitsForAnOperator()).isTrue();
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.OFFERED).withOpenOffer(RecoveryPoint.OpenOffer.TO_ONE)))
        .contains(RecoveryPoint.OFFERED_TO_ONE);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.NEW).withOpenOffer(RecoveryPoint.OpenOffer.TO_ONE)))
        .contains(RecoveryPoint.OFFERED_TO_ONE);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.OFFERED).withOpenOffer(RecoveryPoint.OpenOffer.TO_EVERYONE)))
        .contains(RecoveryPoint.OFFERED_TO_EVERYONE);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.OFFERED).withOperator())).contains(RecoveryPoint.ANSWERED);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.WITH_BOT))).contains(RecoveryPoint.BOT_WAIT);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.IN_PROGRESS).withOperator())).contains(RecoveryPoint.IN_PROGRESS);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.IN_PROGRESS).withOperator().withTransferPending()))
        .contains(RecoveryPoint.TRANSFER);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.IN_PROGRESS).withTransferPending())).contains(RecoveryPoint.TRANSFER);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.WAITING).withTransferPending())).contains(RecoveryPoint.ROUTING);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.OFFERED).withOperator().withTransferPending()))
        .contains(RecoveryPoint.ANSWERED);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.CLOSED).withRatingWait())).contains(RecoveryPoint.RATING_WAIT);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.CLOSED))).isEmpty();
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.CLOSED).withRatingWait().withClientBack())).contains(RecoveryPoint.REOPEN);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.CLOSED).withClientBack())).isEmpty();
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.SPAM).withRatingWait())).isEmpty();
  }

  /** An operator's start whose first text is unsent runs its steps again, whatever status they had reached. */
  @Test
  void anOperatorStartWithItsFirstTextUnsentStartsBeforeTheAssignment() {
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.NEW).withOperatorStartPending()))
        .contains(RecoveryPoint.OPERATOR_START);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.OFFERED).withOpenOffer(RecoveryPoint.OpenOffer.TO_ONE)
        .withOperatorStartPending())).contains(RecoveryPoint.OPERATOR_START);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.IN_PROGRESS).withOperator().withOperatorStartPending()))
        .contains(RecoveryPoint.OPERATOR_START);
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.CLOSED).withOperatorStartPending())).isEmpty();
    assertThat(RecoveryPoint.of(StoredState.of(ConversationStatus.SPAM).withOperatorStartPending())).isEmpty();
    assertThat(RecoveryPoint.OPERATOR_START.elementId()).isEqualTo("assign-to-starter");
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
