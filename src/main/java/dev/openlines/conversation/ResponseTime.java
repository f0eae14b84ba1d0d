package dev.openlines.conversation;

import dev.openlines.channel.KpiLimit;
import java.time.Instant;

/**
 * One operator reply and how long the client waited for it.
 *
 * @param kind first reply of the conversation or a later one
 * @param clientWaitingSince the client's oldest message the reply answers
 * @param millis {@code repliedAt - clientWaitingSince}
 */
public record ResponseTime(KpiLimit kind, String operatorId, Instant clientWaitingSince, Instant repliedAt, long millis) {}
