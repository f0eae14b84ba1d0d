package dev.openlines.kpi;

import java.time.Instant;

/**
 * An exceeded response-time limit, as recorded on the conversation.
 *
 * @param elementInstanceKey the process step that noticed it; one breach per step however often
 *     its job is delivered
 */
public record KpiBreach(KpiLimit limit, String operatorId, Instant at, long elementInstanceKey) {}
