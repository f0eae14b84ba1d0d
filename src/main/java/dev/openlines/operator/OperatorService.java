package dev.openlines.operator;

import dev.openlines.api.Constraints;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Operators and their presence. Every change is a partial update, so it never overwrites the load
 * counters routing maintains on the same document.
 */
@Service
public class OperatorService {

  private final MongoTemplate mongo;
  private final DepartmentRepository departments;
  private final Validator validator;
  private final ApplicationEventPublisher events;

  public OperatorService(
      MongoTemplate mongo, DepartmentRepository departments, Validator validator, ApplicationEventPublisher events) {
    this.mongo = mongo;
    this.departments = departments;
    this.validator = validator;
    this.events = events;
  }

  public Operator create(Operator operator) {
    return mongo.insert(Constraints.requireValid(validator, operator));
  }

  public Department saveDepartment(Department department) {
    return departments.save(Constraints.requireValid(validator, department));
  }

  public Operator get(String operatorId) {
    Operator operator = mongo.findById(operatorId, Operator.class);
    if (operator == null) {
      throw new OperatorNotFoundException(operatorId);
    }
    return operator;
  }

  public void changeDepartments(String operatorId, Set<String> departmentIds) {
    set(operatorId, Update.update("departmentIds", Set.copyOf(departmentIds)));
    // New departments may put the operator into queues where conversations wait.
    events.publishEvent(new OperatorAvailableEvent(operatorId, null));
  }

  public void changeVacations(String operatorId, List<DateRange> vacations) {
    Operator probe = new Operator(operatorId, "probe", Set.of());
    probe.setVacations(vacations);
    Constraints.requireValid(validator, probe);
    set(operatorId, Update.update("vacations", List.copyOf(vacations)));
    // Back from vacation (a range shortened or removed): waiting conversations may be theirs now.
    events.publishEvent(new OperatorAvailableEvent(operatorId, null));
  }

  public void dismiss(String operatorId) {
    announceAvailabilityChange(operatorId, set(operatorId, Update.update("dismissed", true)));
  }

  public void reinstate(String operatorId) {
    announceAvailabilityChange(operatorId, set(operatorId, Update.update("dismissed", false)));
  }

  public void changePresence(String operatorId, Presence presence) {
    announceAvailabilityChange(operatorId, set(operatorId, Update.update("presence", presence)));
  }

  public void clockIn(String operatorId) {
    announceAvailabilityChange(operatorId, set(operatorId, Update.update("clockedIn", true)));
  }

  public void clockOut(String operatorId) {
    announceAvailabilityChange(operatorId, set(operatorId, Update.update("clockedIn", false)));
  }

  /**
   * Waiting conversations are offered the moment an operator can take them, and the offers of an operator
   * who left move on the moment they leave, not after the idle time (routing's reconciler only catches what
   * a crash cut off between the change and its event).
   */
  private void announceAvailabilityChange(String operatorId, Operator before) {
    Operator after = get(operatorId);
    boolean wasAvailable = before.isPresent() && !before.isDismissed();
    boolean isAvailable = after.isPresent() && !after.isDismissed();
    if (isAvailable && !wasAvailable) {
      events.publishEvent(new OperatorAvailableEvent(operatorId, null));
    } else if ((wasAvailable && !isAvailable) || (after.isDismissed() && !before.isDismissed())) {
      events.publishEvent(new OperatorLeftEvent(operatorId));
    }
  }

  /** @return the operator as it was before the change */
  private Operator set(String operatorId, Update update) {
    Query query = Query.query(Criteria.where("_id").is(operatorId));
    query.fields().include("presence", "clockedIn", "dismissed");
    Operator before =
        mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(false), Operator.class);
    if (before == null) {
      throw new OperatorNotFoundException(operatorId);
    }
    return before;
  }
}
