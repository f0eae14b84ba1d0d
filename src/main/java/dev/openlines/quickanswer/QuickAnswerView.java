package dev.openlines.quickanswer;

import java.time.Instant;

public record QuickAnswerView(
    String id,
    String channelId,
    String title,
    String text,
    QuickAnswer.Source source,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  static QuickAnswerView of(QuickAnswer answer) {
    return new QuickAnswerView(
        answer.id(),
        answer.channelId(),
        answer.title(),
        answer.text(),
        answer.source(),
        answer.createdBy(),
        answer.createdAt(),
        answer.updatedBy(),
        answer.updatedAt());
  }
}
