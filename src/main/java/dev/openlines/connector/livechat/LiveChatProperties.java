package dev.openlines.connector.livechat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param streamTimeout how long one event stream stays open; the browser's EventSource reconnects
 * @param mailFrom sender of conversation-history mails (SMTP server: {@code spring.mail.*})
 * @param historyMail whether visitors may have their conversation mailed (only ever to the address they
 *     started the chat with); false turns {@code POST /livechat/history-requests} off
 */
@ConfigurationProperties("openlines.connectors.livechat")
public record LiveChatProperties(
    @DefaultValue("PT30M") Duration streamTimeout,
    @DefaultValue("no-reply@openlines.local") String mailFrom,
    @DefaultValue("true") boolean historyMail) {}
