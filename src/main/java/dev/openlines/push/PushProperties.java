package dev.openlines.push;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ticketLifetime how long a stream ticket may wait before it opens its stream
 * @param maxOpenTickets unused tickets kept at once (issued tickets expire after {@code ticketLifetime})
 * @param maxStreamsPerSubject concurrent event streams of one visitor session or one API key; more answer 429
 * @param heartbeat how often an idle stream is written to; a write that fails releases the stream at once
 * @param eventLogSize events kept per operator (and for supervisors) for {@code Last-Event-ID} resumption
 */
@ConfigurationProperties("openlines.push")
public record PushProperties(
    @DefaultValue("PT30S") Duration ticketLifetime,
    @DefaultValue("10000") int maxOpenTickets,
    @DefaultValue("4") int maxStreamsPerSubject,
    @DefaultValue("PT15S") Duration heartbeat,
    @DefaultValue("500") int eventLogSize) {}
