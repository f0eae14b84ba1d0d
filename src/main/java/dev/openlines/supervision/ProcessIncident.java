package dev.openlines.supervision;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A job of a conversation's process that failed with no retries left: the engine holds an incident
 * there until someone resolves it. Id: conversation and the failing element instance, one per step.
 */
@Document("processIncidents")
public record ProcessIncident(
    @Id String id,
    String conversationId,
    long processInstanceKey,
    String elementId,
    String jobType,
    String reason,
    Instant raisedAt) {}
