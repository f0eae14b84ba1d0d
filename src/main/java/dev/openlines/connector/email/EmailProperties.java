package dev.openlines.connector.email;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param watchMailboxes false stops this instance from reading mailboxes (e.g. a second instance
 *     that only serves the API); replies are still sent
 * @param timeout connect and read timeout of IMAP and SMTP connections
 * @param reconnectBackoff wait before reconnecting to a mailbox after a failure
 * @param reconcileInterval how often the running mailbox watchers are matched against the stored connectors
 */
@ConfigurationProperties("openlines.connectors.email")
public record EmailProperties(
    @DefaultValue("true") boolean watchMailboxes,
    @DefaultValue("PT20S") Duration timeout,
    @DefaultValue("PT10S") Duration reconnectBackoff,
    @DefaultValue("PT30S") Duration reconcileInterval) {}
