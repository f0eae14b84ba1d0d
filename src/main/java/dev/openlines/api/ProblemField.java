package dev.openlines.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a check method ({@code @AssertTrue boolean isReplyGiven()}): the request field its problem is about.
 * Without it a problem would name the method ("replyGiven"), which the caller never sent and cannot fix.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemField {

  /** The field's JSON name, a sibling of the other fields of the checked object. */
  String value();
}
