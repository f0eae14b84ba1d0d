package dev.openlines.operator;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An admin's department: {@code id} only on creation. */
public record DepartmentRequest(
    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "use 1-100 letters, digits or . _ - starting with a letter or digit")
        String id,
    @NotBlank @Size(max = 200) String name) {}
