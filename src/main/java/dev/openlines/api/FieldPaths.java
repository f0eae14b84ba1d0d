package dev.openlines.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * The field a validation problem names, written as the caller sends it: {@code closing.ratingRequests.pigeon}
 * (a map key), {@code queue.entries[0].id} (a list element), {@code automaticActions.newMessageReply} (a check
 * method, see {@link ProblemField}). Neither Bean Validation's path ({@code ratingRequests<K>[pigeon].<map key>})
 * nor the names of check methods mean anything to a caller.
 */
public final class FieldPaths {

  private FieldPaths() {}

  /** For a Spring binding error; falls back to Spring's field name when no constraint violation is behind it. */
  public static String of(ObjectError error) {
    if (error.contains(ConstraintViolation.class)) {
      String path = of(error.unwrap(ConstraintViolation.class));
      if (!path.isEmpty()) {
        return path;
      }
    }
    return error instanceof FieldError field ? field.getField() : error.getObjectName();
  }

  /** Empty for a violation of the validated object itself. */
  public static String of(ConstraintViolation<?> violation) {
    List<Path.Node> nodes = new ArrayList<>();
    violation.getPropertyPath().forEach(nodes::add);
    if (!nodes.isEmpty() && (nodes.getFirst().getKind() == ElementKind.METHOD || nodes.getFirst().getKind() == ElementKind.CONSTRUCTOR)) {
      // A checked method parameter: its name is the field only when nothing inside it is named.
      nodes.removeFirst();
      if (nodes.size() > 1 && nodes.getFirst().getKind() == ElementKind.PARAMETER) {
        nodes.removeFirst();
      }
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      Path.Node node = nodes.get(i);
      if (node.isInIterable()) {
        // The node's key or index is the position in the container named before it.
        if (node.getKey() != null) {
          appendName(path, String.valueOf(node.getKey()));
        } else if (node.getIndex() != null) {
          path.append('[').append(node.getIndex()).append(']');
        }
      }
      boolean named = node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER;
      if (named && node.getName() != null) {
        boolean last = i == nodes.size() - 1;
        appendName(path, last ? checkedField(violation.getLeafBean(), node.getName()) : node.getName());
      }
    }
    return path.toString();
  }

  private static void appendName(StringBuilder path, String name) {
    if (!path.isEmpty()) {
      path.append('.');
    }
    path.append(name);
  }

  /** The {@link ProblemField} of a check method behind the property, else the property's own name. */
  private static String checkedField(Object bean, String property) {
    if (bean == null) {
      return property;
    }
    // Check methods need not be public: Bean Validation reads them either way.
    for (Class<?> type = bean.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Method method : type.getDeclaredMethods()) {
        ProblemField field = method.getAnnotation(ProblemField.class);
        if (field != null && method.getParameterCount() == 0 && property.equals(propertyOf(method.getName()))) {
          return field.value();
        }
      }
    }
    return property;
  }

  private static String propertyOf(String methodName) {
    for (String prefix : List.of("is", "get", "has")) {
      if (methodName.startsWith(prefix) && methodName.length() > prefix.length()) {
        return Introspector.decapitalize(methodName.substring(prefix.length()));
      }
    }
    return methodName;
  }
}
