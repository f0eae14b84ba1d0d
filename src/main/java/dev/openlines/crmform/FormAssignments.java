package dev.openlines.crmform;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.openlines.crmform.FormSubmission.Assignment;
import dev.openlines.operator.Operator;
import dev.openlines.operator.OperatorNotFoundException;
import dev.openlines.operator.OperatorService;
import dev.openlines.operator.Presence;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Picks who gets a submission from the form's list, one after another: the next person in turn who is at work
 * (see {@link #atWork}), or, when nobody on the list is, the next in turn anyway (round robin). Whether to fall
 * back is the model's gateway; this class only answers the two questions.
 *
 * <p>Each answer is written on the submission once: a job run again (at least once delivery) returns the first
 * choice and does not take another turn.
 */
@Service
public class FormAssignments {

  private static final int MAX_RACES = 50;

  private final CrmFormService forms;
  private final FormTurns turns;
  private final OperatorService operators;
  private final MongoTemplate mongo;
  private final Clock clock;

  public FormAssignments(CrmFormService forms, FormTurns turns, OperatorService operators, MongoTemplate mongo, Clock clock) {
    this.forms = forms;
    this.turns = turns;
    this.operators = operators;
    this.mongo = mongo;
    this.clock = clock;
  }

  /** The next person in turn who is at work, skipping the others; empty when nobody on the list is. */
  public Optional<String> nextAtWork(String submissionId, String formId) {
    Optional<String> chosen = chosenBefore(submissionId);
    if (chosen.isPresent()) {
      return chosen;
    }
    List<String> list = forms.get(formId).responsibleOperatorIds();
    LocalDate today = LocalDate.now(clock);
    for (int race = 0; race < MAX_RACES; race++) {
      long turn = turns.current(formId);
      Optional<Long> found = Optional.empty();
      for (long step = 0; step < list.size() && found.isEmpty(); step++) {
        if (atWork(list.get(position(turn + step, list)), today)) {
          found = Optional.of(turn + step);
        }
      }
      if (found.isEmpty()) {
        return Optional.empty();
      }
      if (turns.advance(formId, turn, found.get() + 1)) {
        return Optional.of(record(submissionId, list.get(position(found.get(), list)), Assignment.IN_ORDER));
      }
    }
    throw new IllegalStateException("The turn of form " + formId + " kept moving under " + MAX_RACES + " attempts");
  }

  /** The next person in turn, at work or not: the round robin when everybody is busy. */
  public String nextInTurn(String submissionId, String formId) {
    Optional<String> chosen = chosenBefore(submissionId);
    if (chosen.isPresent()) {
      return chosen.get();
    }
    List<String> list = forms.get(formId).responsibleOperatorIds();
    for (int race = 0; race < MAX_RACES; race++) {
      long turn = turns.current(formId);
      if (turns.advance(formId, turn, turn + 1)) {
        return record(submissionId, list.get(position(turn, list)), Assignment.ROUND_ROBIN);
      }
    }
    throw new IllegalStateException("The turn of form " + formId + " kept moving under " + MAX_RACES + " attempts");
  }

  /** The client's own responsible person takes the submission (a known client). */
  public String clientResponsible(String submissionId, String operatorId) {
    return record(submissionId, operatorId, Assignment.CLIENT_RESPONSIBLE);
  }

  /** Whether the person is at work today (see {@link #atWork(String, LocalDate)}). */
  public boolean atWork(String operatorId) {
    return atWork(operatorId, LocalDate.now(clock));
  }

  /**
   * At work for a form: not dismissed, not on vacation, clocked in (the working day started) and online (not on a
   * break, not gone).
   */
  boolean atWork(String operatorId, LocalDate today) {
    Operator operator;
    try {
      operator = operators.get(operatorId);
    } catch (OperatorNotFoundException removedSinceTheFormWasSaved) {
      return false;
    }
    return !operator.isDismissed() && !operator.isOnVacation(today) && operator.isClockedIn()
        && operator.getPresence() == Presence.ONLINE;
  }

  private static int position(long turn, List<String> list) {
    return (int) Math.floorMod(turn, (long) list.size());
  }

  private Optional<String> chosenBefore(String submissionId) {
    Query byId = query(where("_id").is(submissionId));
    byId.fields().include("responsibleOperatorId");
    Document submission = mongo.findOne(byId, Document.class, FormSubmission.COLLECTION);
    return Optional.ofNullable(submission).map(found -> found.getString("responsibleOperatorId"));
  }

  /** Writes the choice unless one was written before; returns the one that stands. */
  private String record(String submissionId, String operatorId, Assignment why) {
    mongo.updateFirst(query(where("_id").is(submissionId).and("responsibleOperatorId").is(null)),
        new Update().set("responsibleOperatorId", operatorId).set("assignedBy", why), FormSubmission.class);
    return chosenBefore(submissionId).orElse(operatorId);
  }
}
