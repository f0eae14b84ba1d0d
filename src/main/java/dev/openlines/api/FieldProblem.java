package dev.openlines.api;

/**
 * One invalid input in a 400 problem's {@code errors} list.
 *
 * @param field the JSON path of the field, a path variable or a request parameter, e.g. {@code roles[0]}
 * @param message what is wrong and what would be accepted
 */
public record FieldProblem(String field, String message) {}
