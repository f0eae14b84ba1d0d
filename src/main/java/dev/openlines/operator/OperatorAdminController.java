package dev.openlines.operator;

import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletRequest;
import dev.openlines.api.Page;
import static dev.openlines.security.Role.Names.ADMIN;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Admin: operators and departments")
class OperatorAdminController {

  private final OperatorAdminService admin;
  private final OperatorService operators;

  OperatorAdminController(OperatorAdminService admin, OperatorService operators) {
    this.admin = admin;
    this.operators = operators;
  }

  @GetMapping("/api/admin/operators")
  @RolesAllowed(ADMIN)
  @Operation(summary = "All operators, dismissed ones included." + Page.PAGED)
  ResponseEntity<List<OperatorView>> list(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(admin.list().stream().map(OperatorView::of).toList(), OperatorView::id, after, limit)
        .toResponse(request, "after");
  }

  @GetMapping("/api/admin/operators/{operatorId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "One operator")
  OperatorView get(@PathVariable String operatorId) {
    return OperatorView.of(operators.get(operatorId));
  }

  @PostMapping("/api/admin/operators")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Add an operator", description = "They start offline. Give them an OPERATOR API key with their id: POST /api/admin/api-keys.")
  ResponseEntity<OperatorView> create(@Valid @RequestBody OperatorRequest request) {
    Operator created = admin.create(request);
    return ResponseEntity.created(URI.create("/api/admin/operators/" + created.getId())).body(OperatorView.of(created));
  }

  @PutMapping("/api/admin/operators/{operatorId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Change an operator's name, departments and vacations")
  OperatorView update(@PathVariable String operatorId, @Valid @RequestBody OperatorRequest request) {
    return OperatorView.of(admin.update(operatorId, request));
  }

  @DeleteMapping("/api/admin/operators/{operatorId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Dismiss an operator", description = "Kept for the history; offered nothing more.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void dismiss(@PathVariable String operatorId) {
    admin.dismiss(operatorId);
  }

  @GetMapping("/api/admin/departments")
  @RolesAllowed(ADMIN)
  @Operation(summary = "All departments." + Page.PAGED)
  ResponseEntity<List<Department>> departments(
      HttpServletRequest request,
      @RequestParam(required = false) @Parameter(description = "from the next link of the previous page") String after,
      @RequestParam(defaultValue = "100") @Parameter(description = "items per page, 1-500") int limit) {
    return Page.slice(admin.departments(), Department::id, after, limit).toResponse(request, "after");
  }

  @GetMapping("/api/admin/departments/{departmentId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "One department")
  Department department(@PathVariable String departmentId) {
    return admin.department(departmentId);
  }

  @PostMapping("/api/admin/departments")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Add a department")
  ResponseEntity<Department> createDepartment(@Valid @RequestBody DepartmentRequest request) {
    Department created = admin.createDepartment(request);
    return ResponseEntity.created(URI.create("/api/admin/departments/" + created.id())).body(created);
  }

  @PutMapping("/api/admin/departments/{departmentId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Rename a department")
  Department renameDepartment(@PathVariable String departmentId, @Valid @RequestBody DepartmentRequest request) {
    return admin.renameDepartment(departmentId, request);
  }

  @DeleteMapping("/api/admin/departments/{departmentId}")
  @RolesAllowed(ADMIN)
  @Operation(summary = "Delete a department", description = "409 while operators belong to it or a channel queue names it.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteDepartment(@PathVariable String departmentId) {
    admin.deleteDepartment(departmentId);
  }

  /** What admins see of an operator (routing's internal counters left out). */
  record OperatorView(
      String id, String name, java.util.Set<String> departmentIds, List<DateRange> vacations, Presence presence,
      boolean clockedIn, boolean dismissed, String photoUrl) {
    static OperatorView of(Operator o) {
      return new OperatorView(o.getId(), o.getName(), o.getDepartmentIds(), o.getVacations(), o.getPresence(), o.isClockedIn(),
          o.isDismissed(), o.getPhotoUrl());
    }
  }
}
