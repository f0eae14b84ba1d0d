package dev.openlines.tasklist;

import jakarta.validation.constraints.Size;

/**
 * An operator's message: its {@code text}, or the text of the channel's quick answer {@code quickAnswerId}.
 *
 * @param silent a note for operators and supervisors: stored, never delivered to the client
 */
public record SendMessageRequest(@Size(max = 4000) String text, @Size(max = 100) String quickAnswerId, boolean silent) {}
