package dev.openlines.conversation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retryBackoff wait before retrying a temporary delivery failure whose messenger did not
 *     say how long to wait ({@code openlines.messages.retry-backoff})
 */
@ConfigurationProperties("openlines.messages")
public record MessageDeliveryProperties(@DefaultValue("10s") Duration retryBackoff) {}
