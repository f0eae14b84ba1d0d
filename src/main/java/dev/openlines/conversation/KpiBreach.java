package dev.openlines.conversation;

import dev.openlines.channel.KpiLimit;
import java.time.Instant;

/**
 * An exceeded response-time limit, as recorded on the conversation.
 *
 * @param step what makes two reports one breach: the deadline that ran out ({@code FIRST_RESPONSE@<instant>}),
 *     so a process recreated after a restart does not report it again; for instances of earlier models, the
 *     process step that noticed it ({@link dev.openlines.conversation.StepKeys#step}). One breach per key however
 *     often its job is delivered
 */
public record KpiBreach(KpiLimit limit, String operatorId, Instant at, String step) {}
