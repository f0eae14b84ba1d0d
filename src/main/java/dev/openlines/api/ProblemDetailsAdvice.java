package dev.openlines.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.temporal.Temporal;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import dev.openlines.workflow.EngineUnavailableException;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure of an API request into an RFC 9457 problem. Spring's base class already covers the
 * MVC exceptions (404 for unknown paths, 405, 415, ...) and every {@link ApiException}; this class makes
 * the 400s say which field is wrong and how, and maps security and store exceptions.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /** Over the service's ceiling, before any connector's own limit is looked at. */
  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      org.springframework.web.multipart.MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
        "The upload is larger than 104857600 bytes (100 MB), the most OpenLines accepts; each channel's connector may allow "
            + "less (maxAttachmentBytes)");
    return handleExceptionInternal(ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    for (ObjectError error : ex.getBindingResult().getAllErrors()) {
      problems.add(new FieldProblem(FieldPaths.of(error), error.getDefaultMessage()));
    }
    return handleExceptionInternal(ex, invalid(problems), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    ex.getParameterValidationResults()
        .forEach(
            result -> {
              String parameter = result.getMethodParameter().getParameterName();
              for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof ObjectError objectError ? FieldPaths.of(objectError) : parameter;
                problems.add(new FieldProblem(field, error.getDefaultMessage()));
              }
            });
    return handleExceptionInternal(ex, invalid(problems), headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail body;
    Throwable cause = ex.getCause();
    if (cause instanceof JsonParseException parse) {
      body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, malformedJson(parse));
      body.setTitle("Malformed JSON");
    } else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      body = invalid(List.of(new FieldProblem(JsonProblems.path(mismatch), JsonProblems.wrongValue(mismatch))));
    } else {
      body =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.BAD_REQUEST, "The request body is missing or is not a JSON object of the documented shape.");
      body.setTitle("Unreadable request body");
    }
    return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
  }

  /** A query or path parameter that does not convert ({@code ?status=FOO}, {@code ?from=yesterday}): say what it must be. */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : ex.getPropertyName();
    Class<?> target = ex.getRequiredType();
    String expected;
    if (target != null && target.isEnum()) {
      expected = "must be one of " + Arrays.toString(target.getEnumConstants());
    } else if (target != null && Temporal.class.isAssignableFrom(target)) {
      expected = "must be an ISO-8601 date-time, e.g. 2026-11-22T09:00:00Z";
    } else {
      expected = target == null ? "has a value of the wrong type" : "must be " + JsonProblems.kindOf(target);
    }
    ProblemDetail body = invalid(List.of(new FieldProblem(name == null ? "parameter" : name, expected + ", not '" + ex.getValue() + "'")));
    return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
  }

  /** For services annotated with {@code @Validated}: their parameters are checked outside of MVC binding. */
  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
    List<FieldProblem> problems =
        ex.getConstraintViolations().stream()
            .map(v -> new FieldProblem(FieldPaths.of(v), v.getMessage()))
            .toList();
    return handleExceptionInternal(ex, invalid(problems), new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
  }

  /** Method security ({@code @RolesAllowed}) denies inside the MVC call, before the security filters see it. */
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> accessDenied(AccessDeniedException ex, WebRequest request) {
    return problem(ex, HttpStatus.FORBIDDEN, "Your API key does not have a role that may use this endpoint.", request);
  }

  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<Object> unauthenticated(AuthenticationException ex, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNAUTHORIZED, "Send a valid API key as 'Authorization: Bearer <key>'.");
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return handleExceptionInternal(ex, body, headers, HttpStatus.UNAUTHORIZED, request);
  }

  /** A fallback: features should catch duplicates themselves and say which value is taken. */
  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<Object> duplicate(DuplicateKeyException ex, WebRequest request) {
    return problem(ex, HttpStatus.CONFLICT, "Another record already has the same unique values; change them and retry.", request);
  }

  @ExceptionHandler(OptimisticLockingFailureException.class)
  ResponseEntity<Object> concurrentChange(OptimisticLockingFailureException ex, WebRequest request) {
    return problem(ex, HttpStatus.CONFLICT, "The record was changed by someone else meanwhile; reload it and retry.", request);
  }

  /**
   * The workflow engine did not take a command in time (overloaded, restarting, unreachable): a 503 the
   * caller can act on instead of a 500 (an operator's repeated answer, for one, is taken as the retry it is).
   */
  @ExceptionHandler(EngineUnavailableException.class)
  ResponseEntity<Object> engineDidNotAnswer(EngineUnavailableException ex, WebRequest request) {
    log.warn("The engine did not take a command of {} ({}); answered 503", request.getDescription(false), ex.getMessage());
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, "5");
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "The workflow engine did not take the change in time; repeat the request in a few seconds.");
    return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
  }

  /**
   * Anything unexpected: logged with its stack trace, answered without internals. Exceptions annotated
   * with {@code @ResponseStatus} keep their status and reason, as they would without this handler.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
    ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
    if (declared != null) {
      HttpStatus status = declared.code();
      return problem(ex, status, declared.reason().isEmpty() ? ex.getMessage() : declared.reason(), request);
    }
    log.error("Unexpected failure of {}", request.getDescription(false), ex);
    return problem(ex, HttpStatus.INTERNAL_SERVER_ERROR, "The server failed unexpectedly; the failure is logged.", request);
  }

  private ResponseEntity<Object> problem(Exception ex, HttpStatus status, String detail, WebRequest request) {
    return handleExceptionInternal(
        ex, ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(), status, request);
  }

  static ProblemDetail invalid(List<FieldProblem> problems) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(problems));
    body.setTitle("Invalid request");
    body.setProperty("errors", problems);
    return body;
  }

  static String describe(List<FieldProblem> problems) {
    return "Fix "
        + (problems.size() == 1 ? "this field" : "these " + problems.size() + " fields")
        + ": "
        + problems.stream().map(p -> p.field() + " " + p.message()).sorted().collect(Collectors.joining("; "))
        + ".";
  }

  private static String malformedJson(JsonParseException ex) {
    var location = ex.getLocation();
    String where =
        location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return "The request body is not valid JSON" + where + ": " + ex.getOriginalMessage();
  }

}
