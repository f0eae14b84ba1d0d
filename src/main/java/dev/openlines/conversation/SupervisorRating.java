package dev.openlines.conversation;

import java.time.Instant;

/** A supervisor's grade of the operator's work in a conversation, 1 (poor) to 5 (excellent). */
public record SupervisorRating(int score, String supervisorId, String comment, Instant at) {}
