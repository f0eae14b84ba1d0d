package dev.openlines.conversation;

import dev.openlines.channel.KpiLimit;
import java.time.Instant;

/**
 * An exceeded response-time limit, as recorded on the conversation.
 *
 * @param step the process step that noticed it ({@link dev.openlines.conversation.StepKeys#step}); one
 *     breach per step however often its job is delivered
 */
public record KpiBreach(KpiLimit limit, String operatorId, Instant at, String step) {}
