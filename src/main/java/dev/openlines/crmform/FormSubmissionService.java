package dev.openlines.crmform;

import dev.openlines.api.FieldProblem;
import dev.openlines.api.IdempotencyKeys;
import dev.openlines.api.InvalidRequestException;
import dev.openlines.workflow.ProcessMessages;
import dev.openlines.crm.ContactDetails;
import dev.openlines.workflow.Workflow;
import java.math.BigDecimal;
import dev.openlines.api.ConflictException;
import java.time.Clock;
import org.springframework.dao.DuplicateKeyException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Accepts a client's submission of a CRM form: checks it against the form, stores it, and queues the start of its
 * {@code crm-form-submission} process in the outbox the connectors use, so an accepted submission (202) is on disk
 * with its process start and reaches the engine even when the engine is down at the time.
 */
@Service
public class FormSubmissionService {

  static final int MAX_TEXT = 2000;
  /** The connector type the CRM records for a form's client (their identity there is the submission). */
  public static final String CONNECTOR_TYPE = "crmform";

  private final CrmFormService forms;
  private final MongoTemplate mongo;
  private final ProcessMessages processMessages;
  private final Clock clock;

  public FormSubmissionService(
      CrmFormService forms, MongoTemplate mongo, ProcessMessages processMessages, Clock clock) {
    this.forms = forms;
    this.mongo = mongo;
    this.processMessages = processMessages;
    this.clock = clock;
  }

  /**
   * @param idempotencyKey chosen by the client for this submission (a page sending it again after a lost answer,
   *     a double click); the same key on the same form gives the first submission back and starts nothing new.
   *     Null: every call is a new submission
   * @return the stored submission
   * @throws InvalidRequestException naming each value to fix (and {@code consent} when the form needs it); nothing
   *     is stored then
   * @throws ConflictException when the key was used for a submission with other values
   */
  public FormSubmission submit(String formId, SubmissionRequest request, String idempotencyKey) {
    CrmForm form = forms.get(formId);
    // The same key on the same form names the same submission.
    String id = idempotencyKey == null
        ? UUID.randomUUID().toString() : IdempotencyKeys.idFor(formId, idempotencyKey, "submission");
    Map<String, String> values = checked(form, request);
    boolean consent = Boolean.TRUE.equals(request.consent());
    FormSubmission submission = insertOrFind(
        new FormSubmission(id, formId, values, consent, clock.instant(), null, null, null, null, null, null));
    if (!submission.values().equals(values) || submission.consent() != consent) {
      throw new ConflictException("The Idempotency-Key '" + idempotencyKey + "' was used for another submission of form "
          + formId + " with other values: send a new key with a new submission");
    }
    // Queued once per submission (the command id is the submission's): a repeat after a crash between the two
    // writes queues what the first call missed.
    processMessages.send(Workflow.Message.CRM_FORM_SUBMITTED, submission.id(), submission.id(), startVariables(form, submission));
    return submission;
  }

  private FormSubmission insertOrFind(FormSubmission submission) {
    try {
      return mongo.insert(submission);
    } catch (DuplicateKeyException repeated) {
      return mongo.findById(submission.id(), FormSubmission.class);
    }
  }

  public FormSubmission get(String submissionId) {
    return mongo.findById(submissionId, FormSubmission.class);
  }

  /** The form's submissions, newest first (at most {@code limit}). */
  public List<FormSubmission> of(String formId, int limit) {
    forms.get(formId);
    return mongo.find(Query.query(Criteria.where("formId").is(formId)).with(Sort.by(Sort.Direction.DESC, "receivedAt")).limit(limit),
        FormSubmission.class);
  }

  private static Map<String, Object> startVariables(CrmForm form, FormSubmission submission) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.SUBMISSION_ID, submission.id());
    variables.put(Workflow.Variable.FORM_ID, form.id());
    variables.put(Workflow.Variable.FORM_CREATES, form.creates().name());
    variables.put(Workflow.Variable.CLIENT_NAME, submission.values().get("name"));
    variables.put(Workflow.Variable.CLIENT_EMAIL, form.firstOf(FieldType.EMAIL).map(f -> submission.values().get(f.name())).orElse(null));
    variables.put(Workflow.Variable.CLIENT_PHONE, form.firstOf(FieldType.PHONE).map(f -> submission.values().get(f.name())).orElse(null));
    return variables;
  }

  /** The submitted values of the form's fields, trimmed, blanks left out. */
  private static Map<String, String> checked(CrmForm form, SubmissionRequest request) {
    Map<String, String> given = request.values() == null ? Map.of() : request.values();
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : given.keySet()) {
      if (form.fields().stream().noneMatch(f -> f.name().equals(name))) {
        problems.add(new FieldProblem("values." + name, "the form has no field '" + name + "'"));
      }
    }
    for (FormField field : form.fields()) {
      String value = given.get(field.name());
      value = value == null ? null : value.strip();
      String path = "values." + field.name();
      if (value == null || value.isEmpty()) {
        if (field.required()) {
          problems.add(new FieldProblem(path, "fill in " + (field.label() == null ? field.name() : "'" + field.label() + "'")));
        }
        continue;
      }
      String problem = problemOf(field.type(), value);
      if (problem != null) {
        problems.add(new FieldProblem(path, problem));
      } else {
        values.put(field.name(), value);
      }
    }
    if (form.requiresConsent() && !Boolean.TRUE.equals(request.consent())) {
      problems.add(new FieldProblem("consent", "the client must agree to the form's consent text (\"consent\": true)"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return values;
  }

  private static String problemOf(FieldType type, String value) {
    if (value.length() > MAX_TEXT) {
      return "at most " + MAX_TEXT + " characters";
    }
    return switch (type) {
      case TEXT -> null;
      case EMAIL -> ContactDetails.normaliseEmail(value) == null ? "must be an e-mail address such as ann@example.com" : null;
      case PHONE -> {
        String phone = ContactDetails.normalisePhone(value);
        yield phone == null || phone.length() < 6 ? "must be a phone number with at least five digits" : null;
      }
      case NUMBER -> {
        try {
          new BigDecimal(value);
          yield null;
        } catch (NumberFormatException e) {
          yield "must be a number such as 12 or 3.5";
        }
      }
    };
  }
}
