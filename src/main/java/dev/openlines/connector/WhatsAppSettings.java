package dev.openlines.connector;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * WhatsApp Business Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api).
 *
 * @param phoneNumberId the business phone number's id; webhooks of other numbers of the app are ignored
 * @param accessToken a system-user access token with {@code whatsapp_business_messaging}
 * @param appSecret the Meta app's secret: webhooks are signed with it ({@code X-Hub-Signature-256})
 * @param verifyToken what the admin typed as "Verify token" in the app's webhook settings
 * @param apiBaseUrl Graph API base with version; null means {@code openlines.connectors.meta.graph-base-url}
 */
public record WhatsAppSettings(
    @NotBlank @Pattern(regexp = "\\d{5,30}", message = "must be the numeric phone number id from WhatsApp Manager") String phoneNumberId,
    @NotBlank @Size(min = 20, max = 1024, message = "must be 20-1024 characters") String accessToken,
    @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String appSecret,
    @NotBlank @Size(min = 16, max = 256, message = "must be 16-256 characters") String verifyToken,
    java.net.URI apiBaseUrl) {

  @Override
  public String toString() {
    return "WhatsApp[phoneNumberId=" + phoneNumberId + ", accessToken=***, appSecret=***, verifyToken=***, apiBaseUrl=" + apiBaseUrl + "]";
  }
}
