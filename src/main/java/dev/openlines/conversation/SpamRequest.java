package dev.openlines.conversation;

import java.time.Instant;

/**
 * An operator's spam mark the engine took ({@link ConversationCommands#spam}): should the engine stop before the
 * process carried it out, recovery sends it again to the recreated process.
 */
public record SpamRequest(String operatorId, Instant at) {}
