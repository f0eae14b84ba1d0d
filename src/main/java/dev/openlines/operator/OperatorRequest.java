package dev.openlines.operator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;

/** An admin's operator: {@code id} only on creation. Departments must exist. */
public record OperatorRequest(
    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "use 1-100 letters, digits or . _ - starting with a letter or digit")
        String id,
    @NotBlank @Size(max = 200) String name,
    Set<@NotBlank String> departmentIds,
    List<@NotNull @Valid DateRange> vacations,
    @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "a photo is an http or https URL") String photoUrl) {

  /** Without a photo. */
  public OperatorRequest(String id, String name, Set<String> departmentIds, List<DateRange> vacations) {
    this(id, name, departmentIds, vacations, null);
  }

  Set<String> departmentsOrNone() {
    return departmentIds == null ? Set.of() : departmentIds;
  }

  List<DateRange> vacationsOrNone() {
    return vacations == null ? List.of() : vacations;
  }
}
