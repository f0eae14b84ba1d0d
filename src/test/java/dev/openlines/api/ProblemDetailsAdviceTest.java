package dev.openlines.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Each exception a feature may throw, and what the caller receives for it. */
class ProblemDetailsAdviceTest {

  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new Throwing()).setControllerAdvice(new ProblemDetailsAdvice()).build();

  @Test
  void anEngineThatDoesNotAnswerInTimeIsA503ToRepeatNotA500() throws Exception {
    mvc.perform(get("/engine-busy"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string("Retry-After", "5"))
        .andExpect(jsonPath("$.detail").value(containsString("repeat the request")));
    mvc.perform(get("/engine-refused")).andExpect(status().isInternalServerError());
  }

  @Test
  void notFound() throws Exception {
    mvc.perform(get("/not-found"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("Operator 'op-9' does not exist."))
        .andExpect(jsonPath("$.instance").value("/not-found"));
  }

  @Test
  void conflict() throws Exception {
    mvc.perform(get("/conflict"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value("The offer went to another operator."));
  }

  @Test
  void forbiddenByABusinessRule() throws Exception {
    mvc.perform(get("/forbidden"))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("The conversation is held by another operator."));
  }

  @Test
  void forbiddenByRole() throws Exception {
    mvc.perform(get("/denied"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("role")));
  }

  @Test
  void invalidRequestListsTheField() throws Exception {
    mvc.perform(get("/invalid"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.title").value("Invalid request"))
        .andExpect(jsonPath("$.detail").value("Fix this field: targetOperatorId must differ from your own id."))
        .andExpect(jsonPath("$.errors[0].field").value("targetOperatorId"));
  }

  @Test
  void constraintViolationsOfValidatedServices() throws Exception {
    mvc.perform(get("/constraint"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("name"))
        .andExpect(jsonPath("$.errors[0].message").value("must not be blank"));
  }

  @Test
  void duplicateKeyAndConcurrentChangeAreConflicts() throws Exception {
    mvc.perform(get("/duplicate"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(containsString("same unique values")));
    mvc.perform(get("/concurrent"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(containsString("reload it and retry")));
  }

  @Test
  void unexpectedFailuresHideTheirInternals() throws Exception {
    mvc.perform(get("/boom"))
        .andExpect(status().isInternalServerError())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(content().string(not(containsString("jdbc:secret"))));
  }

  @Test
  void exceptionsWithResponseStatusKeepTheirStatus() throws Exception {
    mvc.perform(get("/gone"))
        .andExpect(status().isGone())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("The offer expired."));
  }

  @Test
  void wrongParameterTypeAndMissingParameterAndWrongMethod() throws Exception {
    mvc.perform(get("/number").param("n", "abc"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/number"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("'n'")));
    mvc.perform(post("/number")).andExpect(status().isMethodNotAllowed());
  }

  @RestController
  static class Throwing {

    record Named(@NotBlank String name) {}

    @GetMapping("/engine-busy")
    void engineBusy() {
      throw new dev.openlines.workflow.EngineUnavailableException("The engine did not take transfer (DEADLINE_EXCEEDED)",
          new io.camunda.client.api.command.ClientStatusException(io.grpc.Status.DEADLINE_EXCEEDED, null));
    }

    @GetMapping("/engine-refused")
    void engineRefused() {
      throw new io.camunda.client.api.command.ClientStatusException(io.grpc.Status.INVALID_ARGUMENT, null);
    }

    @GetMapping("/not-found")
    void notFound() {
      throw NotFoundException.of("Operator", "op-9");
    }

    @GetMapping("/conflict")
    void conflict() {
      throw new ConflictException("The offer went to another operator.");
    }

    @GetMapping("/forbidden")
    void forbidden() {
      throw new ForbiddenException("The conversation is held by another operator.");
    }

    @GetMapping("/denied")
    void denied() {
      throw new AccessDeniedException("Access Denied");
    }

    @GetMapping("/invalid")
    void invalid() {
      throw new InvalidRequestException("targetOperatorId", "must differ from your own id");
    }

    @GetMapping("/constraint")
    void constraint() {
      try (var factory = Validation.buildDefaultValidatorFactory()) {
        throw new ConstraintViolationException(factory.getValidator().validate(new Named(" ")));
      }
    }

    @GetMapping("/duplicate")
    void duplicate() {
      throw new DuplicateKeyException("E11000 duplicate key");
    }

    @GetMapping("/concurrent")
    void concurrent() {
      throw new OptimisticLockingFailureException("version 3 expected");
    }

    @GetMapping("/boom")
    void boom() {
      throw new IllegalStateException("cannot reach jdbc:secret@db");
    }

    @ResponseStatus(HttpStatus.GONE)
    static class OfferExpired extends RuntimeException {
      OfferExpired() {
        super("The offer expired.");
      }
    }

    @GetMapping("/gone")
    void gone() {
      throw new OfferExpired();
    }

    @GetMapping("/number")
    int number(@RequestParam int n) {
      return n;
    }
  }
}
