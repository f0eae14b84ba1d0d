package dev.openlines.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.openlines.api.ProblemField;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The website chat widget: what a {@code livechat} connector needs.
 *
 * @param consentRequired the client must accept {@code consentText} before the first message
 * @param typingPreview operators see what the client is typing; otherwise only that they type
 * @param allowedOrigins web pages on other origins that may embed the widget, e.g. {@code https://shop.example}
 *     (scheme, host, optional port; no path): the browser's CORS check lets them call the live-chat API
 */
public record LiveChatSettings(
    boolean consentRequired,
    String consentText,
    boolean typingPreview,
    @Size(max = 50, message = "may list at most 50 origins")
        java.util.List<
                @jakarta.validation.constraints.NotNull(message = "must be an origin, not null")
                @Pattern(
                    regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?",
                    message = "must be an origin: http(s)://host[:port], no path or trailing slash, e.g. https://shop.example")
                String>
            allowedOrigins) {

  public LiveChatSettings {
    allowedOrigins = allowedOrigins == null ? java.util.List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(allowedOrigins));
  }

  public LiveChatSettings(boolean consentRequired, String consentText, boolean typingPreview) {
    this(consentRequired, consentText, typingPreview, java.util.List.of());
  }

  public LiveChatSettings(boolean consentRequired, String consentText) {
    this(consentRequired, consentText, false);
  }

  /** Whether a page on this origin may use the widget of this connector. */
  public boolean allowsOrigin(String origin) {
    return origin != null && allowedOrigins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
  }

  @JsonIgnore
  @AssertTrue(message = "consentText is required when consentRequired is true")
  @ProblemField("consentText")
  public boolean isConsentTextGiven() {
    return !consentRequired || (consentText != null && !consentText.isBlank());
  }
}
