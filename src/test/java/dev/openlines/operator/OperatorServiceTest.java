package dev.openlines.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ConstraintViolationException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RecordApplicationEvents
class OperatorServiceTest {

  @Autowired OperatorService operators;
  @Autowired MongoTemplate mongo;
  @Autowired ApplicationEvents events;

  String newOperator() {
    String id = "op-" + UUID.randomUUID();
    operators.create(new Operator(id, "Anna", Set.of("sales")));
    return id;
  }

  List<OperatorAvailableEvent> announced(String operatorId) {
    return events.stream(OperatorAvailableEvent.class).filter(e -> e.operatorId().equals(operatorId)).toList();
  }

  @Test
  void comingOnlineOrClockingInAnnouncesTheOperatorOnce() {
    String id = newOperator();
    assertThat(operators.get(id).getPresence()).isEqualTo(Presence.OFFLINE);

    operators.changePresence(id, Presence.ONLINE);
    operators.changePresence(id, Presence.ONLINE);
    operators.clockIn(id);
    assertThat(announced(id)).containsExactly(new OperatorAvailableEvent(id, null));

    operators.changePresence(id, Presence.OFFLINE);
    operators.clockOut(id);
    assertThat(announced(id)).hasSize(1);
    operators.clockIn(id);
    assertThat(announced(id)).hasSize(2);
  }

  @Test
  void awayOrDismissedOperatorsAreNotAnnounced() {
    String id = newOperator();
    operators.changePresence(id, Presence.AWAY);
    operators.clockIn(id);
    assertThat(announced(id)).isEmpty();

    operators.dismiss(id);
    operators.changePresence(id, Presence.ONLINE);
    assertThat(announced(id)).isEmpty();
    operators.reinstate(id);
    assertThat(announced(id)).hasSize(1);
  }

  @Test
  void profileChangesLeaveRoutingCountersAlone() {
    String id = newOperator();
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(id)),
        new Update().inc("load.support", 2).addToSet("counted", "c1"),
        Operator.class);

    operators.changeDepartments(id, Set.of("support"));
    operators.changeVacations(id, List.of(new DateRange(LocalDate.of(2026, 12, 24), LocalDate.of(2027, 1, 2))));
    operators.changePresence(id, Presence.ONLINE);

    Operator stored = operators.get(id);
    assertThat(stored.loadIn("support")).isEqualTo(2);
    assertThat(stored.getCounted()).containsExactly("c1");
    assertThat(stored.getDepartmentIds()).containsExactly("support");
    assertThat(stored.isOnVacation(LocalDate.of(2027, 1, 2))).isTrue();
    assertThat(stored.isOnVacation(LocalDate.of(2027, 1, 3))).isFalse();
  }

  @Test
  void vacationMustNotEndBeforeItStarts() {
    String id = newOperator();
    assertThatThrownBy(
            () ->
                operators.changeVacations(
                    id, List.of(new DateRange(LocalDate.of(2027, 1, 5), LocalDate.of(2027, 1, 4)))))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessageContaining("must not end before it starts");
    assertThat(operators.get(id).getVacations()).isEmpty();
  }

  @Test
  void unknownOperatorIsReported() {
    assertThatThrownBy(() -> operators.changePresence("nobody-" + UUID.randomUUID(), Presence.ONLINE))
        .isInstanceOf(OperatorNotFoundException.class);
  }
}
