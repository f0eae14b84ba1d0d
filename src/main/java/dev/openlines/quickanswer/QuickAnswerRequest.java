package dev.openlines.quickanswer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An administrator's new or changed quick answer. */
public record QuickAnswerRequest(
    @NotBlank @Size(max = QuickAnswerRequest.MAX_TITLE) String title,
    @NotBlank @Size(max = QuickAnswerRequest.MAX_TEXT) String text) {

  static final int MAX_TITLE = 100;
  static final int MAX_TEXT = 4000;
}
