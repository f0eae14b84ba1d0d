package dev.openlines.supervision;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param stuckMargin how long past its expected next step (channel idle time, a stored deadline) a
 *     conversation may sit before supervisors see it as stuck
 */
@ConfigurationProperties("openlines.supervision")
public record SupervisionProperties(@DefaultValue("PT5M") Duration stuckMargin) {}
