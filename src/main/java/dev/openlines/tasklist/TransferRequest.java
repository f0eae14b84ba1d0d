package dev.openlines.tasklist;

import jakarta.validation.constraints.Size;

/** Hand the conversation to a colleague ({@code operatorId}) or to another open channel's queue ({@code channelId}). */
public record TransferRequest(@Size(max = 100) String operatorId, @Size(max = 100) String channelId) {}
