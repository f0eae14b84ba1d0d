package dev.openlines.operator;

import jakarta.validation.constraints.NotBlank;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A team; its members are the operators listing its id in their departments. */
@Document("departments")
public record Department(@Id @NotBlank String id, @NotBlank String name) {}
