package dev.openlines.crm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retryBackoff how long a CRM job waits before its next attempt when the CRM store failed
 */
@ConfigurationProperties("openlines.crm")
public record CrmProperties(@DefaultValue("10s") Duration retryBackoff) {}
