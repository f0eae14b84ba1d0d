package dev.openlines.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.api.ProblemField;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;

/**
 * A mailbox: read over IMAP, answered over SMTP.
 *
 * @param address the mailbox's address, the From of replies
 * @param displayName the name beside it in replies; may be null
 * @param imapSecurity TLS (imaps, usually 993), STARTTLS or NONE (143; test servers only)
 * @param smtpSecurity TLS (smtps, usually 465), STARTTLS (587) or NONE
 * @param username for both IMAP and SMTP
 * @param password for both IMAP and SMTP
 * @param pollInterval how often to check when the server has no IDLE, and how long one IDLE lasts
 */
public record EmailSettings(
    @NotBlank @jakarta.validation.constraints.Email(message = "must be an e-mail address") String address,
    String displayName,
    @NotBlank String imapHost,
    @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(65535) int imapPort,
    @jakarta.validation.constraints.NotNull(message = "must be TLS, STARTTLS or NONE") MailSecurity imapSecurity,
    @NotBlank String smtpHost,
    @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(65535) int smtpPort,
    @jakarta.validation.constraints.NotNull(message = "must be TLS, STARTTLS or NONE") MailSecurity smtpSecurity,
    @NotBlank String username,
    @NotBlank String password,
    java.time.Duration pollInterval) {

  /** Five seconds is the least: mail servers throttle clients that check more often. */
  @JsonIgnore
  @AssertTrue(message = "pollInterval must be at least PT5S")
  @ProblemField("pollInterval")
  public boolean isPollIntervalSensible() {
    return pollInterval == null || pollInterval.compareTo(java.time.Duration.ofSeconds(5)) >= 0;
  }

  public java.time.Duration pollIntervalOrDefault() {
    return pollInterval == null ? java.time.Duration.ofMinutes(1) : pollInterval;
  }

  @Override
  public String toString() {
    return "Email[address=" + address + ", imap=" + imapHost + ":" + imapPort + ", smtp=" + smtpHost + ":" + smtpPort
        + ", username=" + username + ", password=***]";
  }
}
