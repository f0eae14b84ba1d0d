package dev.openlines.crmform;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One input of a CRM web form.
 *
 * @param name the key of the value in a submission ({@code values.<name>}); a field named {@code name} gives the
 *     client's name in the CRM
 * @param label what the page shows next to the input; null = the name
 */
public record FormField(
    @NotBlank(message = "give the field a name: letters, digits or _ starting with a letter, at most 50")
        @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,49}", message = "must be letters, digits or _ starting with a letter, at most 50")
        String name,
    @Size(max = 200, message = "the label is at most 200 characters") String label,
    @NotNull(message = "choose the field type: TEXT, EMAIL, PHONE or NUMBER") FieldType type,
    boolean required) {}
