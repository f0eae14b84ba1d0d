package dev.openlines.operator;

import dev.openlines.api.ConflictException;
import dev.openlines.api.FieldProblem;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.api.NotFoundException;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Operators and departments as admins manage them. Operators are never removed (their names stay on past
 * conversations): deleting one dismisses them, so routing offers them nothing more.
 */
@Service
public class OperatorAdminService {

  private final MongoTemplate mongo;
  private final OperatorService operators;
  private final DepartmentRepository departments;
  private final ApplicationEventPublisher events;

  OperatorAdminService(
      MongoTemplate mongo, OperatorService operators, DepartmentRepository departments, ApplicationEventPublisher events) {
    this.mongo = mongo;
    this.operators = operators;
    this.departments = departments;
    this.events = events;
  }

  public List<Operator> list() {
    return mongo.find(new Query().with(Sort.by("_id")), Operator.class);
  }

  public Operator create(OperatorRequest request) {
    requireId(request.id());
    requireDepartments(request.departmentsOrNone());
    Operator operator = new Operator(request.id(), request.name(), request.departmentsOrNone());
    operator.setVacations(request.vacationsOrNone());
    operator.setPhotoUrl(request.photoUrl());
    return ConflictException.unlessTaken(
        () -> operators.create(operator), "An operator with id '" + request.id() + "' already exists");
  }

  public Operator update(String operatorId, OperatorRequest request) {
    Set<String> departmentsBefore = operators.get(operatorId).getDepartmentIds();
    requireDepartments(request.departmentsOrNone());
    operators.changeVacations(operatorId, request.vacationsOrNone());
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(operatorId)),
        new Update().set("name", request.name()).set("departmentIds", Set.copyOf(request.departmentsOrNone()))
            .set("photoUrl", request.photoUrl()),
        Operator.class);
    events.publishEvent(new OperatorSettingsChangedEvent(operatorId, departmentsBefore));
    return operators.get(operatorId);
  }

  public void dismiss(String operatorId) {
    operators.dismiss(operatorId);
  }

  public List<Department> departments() {
    return departments.findAll(Sort.by("_id"));
  }

  public Department department(String departmentId) {
    return departments.findById(departmentId).orElseThrow(() -> NotFoundException.of("Department", departmentId));
  }

  public Department createDepartment(DepartmentRequest request) {
    requireId(request.id());
    return ConflictException.unlessTaken(
        () -> mongo.insert(new Department(request.id(), request.name())),
        "A department with id '" + request.id() + "' already exists");
  }

  public Department renameDepartment(String departmentId, DepartmentRequest request) {
    department(departmentId);
    return operators.saveDepartment(new Department(departmentId, request.name()));
  }

  /** @throws ConflictException while operators belong to it or a channel's queue names it */
  public void deleteDepartment(String departmentId) {
    department(departmentId);
    long members = mongo.count(Query.query(Criteria.where("departmentIds").is(departmentId)), Operator.class);
    List<String> queues =
        mongo.find(Query.query(Criteria.where("queue.entries").elemMatch(
                    Criteria.where("kind").is(QueueEntry.Kind.DEPARTMENT).and("id").is(departmentId))), OpenChannel.class)
            .stream().map(OpenChannel::getId).toList();
    if (members > 0 || !queues.isEmpty()) {
      throw new ConflictException(deletionRefusal(departmentId, members, queues));
    }
    departments.deleteById(departmentId);
  }

  /** Names only the reasons that hold, each with what the admin has to do about it. */
  static String deletionRefusal(String departmentId, long members, List<String> queueChannelIds) {
    List<String> reasons = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    if (members > 0) {
      reasons.add("still has " + members + (members == 1 ? " operator" : " operators"));
      fixes.add(members == 1 ? "move the operator to another department" : "move the operators to another department");
    }
    if (!queueChannelIds.isEmpty()) {
      boolean one = queueChannelIds.size() == 1;
      reasons.add("is in the queue of " + (one ? "channel " : "channels ") + String.join(", ", queueChannelIds));
      fixes.add("remove it from " + (one ? "that queue" : "those queues"));
    }
    return "Department '" + departmentId + "' " + String.join(" and ", reasons) + ": "
        + String.join(" and ", fixes) + " first";
  }

  /** The id is optional in updates (it is in the path), not when creating. */
  private static void requireId(String id) {
    if (id == null) {
      throw new InvalidRequestException("id", "must not be empty");
    }
  }

  private void requireDepartments(Set<String> departmentIds) {
    List<FieldProblem> missing =
        departmentIds.stream()
            .filter(id -> !departments.existsById(id))
            .map(id -> new FieldProblem("departmentIds", "no department with id '" + id + "'"))
            .toList();
    if (!missing.isEmpty()) {
      throw new InvalidRequestException(missing);
    }
  }
}
