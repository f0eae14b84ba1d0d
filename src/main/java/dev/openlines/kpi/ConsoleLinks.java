package dev.openlines.kpi;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links into the operator console, for texts read outside it (supervisor notifications).
 *
 * @param baseUrl where users reach this service, e.g. https://openlines.example.com; the console is
 *     {@code <baseUrl>/console/} and opens a conversation given as {@code ?conversation=<id>}
 */
@ConfigurationProperties("openlines.console")
public record ConsoleLinks(@DefaultValue("http://localhost:8080") URI baseUrl) {

  /** The console page that opens this conversation. */
  public String conversation(String conversationId) {
    return UriComponentsBuilder.fromUri(baseUrl).path("/console/").queryParam("conversation", conversationId)
        .encode().build().toUriString();
  }
}
