package dev.openlines.crmform;

import dev.openlines.api.Constraints;
import dev.openlines.api.FieldProblem;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.api.NotFoundException;
import dev.openlines.operator.OperatorNotFoundException;
import dev.openlines.operator.OperatorService;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** CRM web forms as administrators define them; a form is checked whole before it is stored. */
@Service
public class CrmFormService {

  private final MongoTemplate mongo;
  private final OperatorService operators;
  private final Validator validator;
  private final Clock clock;

  public CrmFormService(MongoTemplate mongo, OperatorService operators, Validator validator, Clock clock) {
    this.mongo = mongo;
    this.operators = operators;
    this.validator = validator;
    this.clock = clock;
  }

  /**
   * Creates or replaces the form.
   *
   * @throws InvalidRequestException naming each field to fix; nothing is stored then
   */
  public CrmForm save(String formId, CrmFormRequest request) {
    Constraints.requireValid(validator, request);
    List<FieldProblem> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < request.fields().size(); i++) {
      if (!names.add(request.fields().get(i).name().toLowerCase(Locale.ROOT))) {
        problems.add(new FieldProblem("fields[" + i + "].name", "'" + request.fields().get(i).name() + "' is used by an earlier field: give each field its own name"));
      }
    }
    if (request.fields().stream().noneMatch(f -> f.type() == FieldType.EMAIL || f.type() == FieldType.PHONE)) {
      problems.add(new FieldProblem("fields", "add an EMAIL or PHONE field: the CRM recognises a returning client by it"));
    }
    Set<String> listed = new HashSet<>();
    for (int i = 0; i < request.responsibleOperatorIds().size(); i++) {
      String operatorId = request.responsibleOperatorIds().get(i);
      String field = "responsibleOperatorIds[" + i + "]";
      if (!listed.add(operatorId)) {
        problems.add(new FieldProblem(field, "'" + operatorId + "' is on the list already: list each operator once"));
        continue;
      }
      try {
        if (operators.get(operatorId).isDismissed()) {
          problems.add(new FieldProblem(field, "operator '" + operatorId + "' is dismissed: list working operators only"));
        }
      } catch (OperatorNotFoundException e) {
        problems.add(new FieldProblem(field, "there is no operator '" + operatorId + "'"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return mongo.save(new CrmForm(formId, request.name().strip(), List.copyOf(request.fields()), request.consentText(),
        List.copyOf(request.responsibleOperatorIds()), request.creates(), clock.instant()));
  }

  public CrmForm get(String formId) {
    CrmForm form = mongo.findById(formId, CrmForm.class);
    if (form == null) {
      throw NotFoundException.of("CRM form", formId);
    }
    return form;
  }

  public List<CrmForm> list() {
    return mongo.find(new Query().with(Sort.by("_id")), CrmForm.class);
  }

  public void delete(String formId) {
    mongo.remove(get(formId));
  }
}
