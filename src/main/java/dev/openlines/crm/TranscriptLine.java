package dev.openlines.crm;

import java.time.Instant;

/**
 * One message of a conversation as the CRM keeps it.
 *
 * @param author who wrote it: the client, an operator id, or the system
 */
public record TranscriptLine(Instant sentAt, String author, String text) {}
