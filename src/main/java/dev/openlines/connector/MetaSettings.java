package dev.openlines.connector;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A Facebook page (Messenger) or an Instagram professional account (Instagram Direct) on the
 * Messenger Platform (https://developers.facebook.com/docs/messenger-platform).
 *
 * @param pageId the page id (Messenger) or the Instagram account id (Instagram) webhooks name as recipient
 * @param accessToken the page access token the Send API is called with
 * @param appSecret the Meta app's secret: webhooks are signed with it ({@code X-Hub-Signature-256})
 * @param verifyToken what the admin typed as "Verify token" in the app's webhook settings
 * @param humanAgentTag outside the 24-hour window, send operator replies with the {@code HUMAN_AGENT}
 *     tag (7 days; the app needs the Human Agent permission); false refuses them
 * @param apiBaseUrl Graph API base with version; null means {@code openlines.connectors.meta.graph-base-url}
 */
public record MetaSettings(
    @NotBlank @Pattern(regexp = "\\d{5,30}", message = "must be the numeric page or Instagram account id") String pageId,
    @NotBlank @Size(min = 20, max = 1024, message = "must be 20-1024 characters") String accessToken,
    @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String appSecret,
    @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String verifyToken,
    boolean humanAgentTag,
    java.net.URI apiBaseUrl) {

  @Override
  public String toString() {
    return "Meta[pageId=" + pageId + ", accessToken=***, appSecret=***, verifyToken=***, humanAgentTag=" + humanAgentTag
        + ", apiBaseUrl=" + apiBaseUrl + "]";
  }
}
