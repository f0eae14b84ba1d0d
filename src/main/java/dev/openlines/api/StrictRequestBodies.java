package dev.openlines.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A request body with a field the API does not know is refused (400 naming the field and the known
 * ones), not read as if the field were absent: a misspelt setting ({@code "days"} for
 * {@code "weeklySchedule"}) was saved as "no working hours" and answered 200. Only request bodies read by
 * the API are strict; the application's other JSON (messengers' webhooks and answers, process variables)
 * keeps ignoring what it does not use.
 *
 * <p>What the API shows of a resource but never takes from a body ({@link #SHOWN_NOT_TAKEN}, and the
 * {@code ...Set} flags that say a write-only secret is stored) is skipped, so a body read back, changed and
 * sent again (GET, edit, PUT) still saves.
 */
@Configuration
class StrictRequestBodies implements WebMvcConfigurer {

  static final Set<String> SHOWN_NOT_TAKEN = Set.of(
      "id", "channelId", "operatorId", "clientAddress", "presence", "clockedIn", "dismissed", "present",
      "source", "createdBy", "createdAt", "updatedBy", "updatedAt");

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    for (HttpMessageConverter<?> converter : converters) {
      if (converter instanceof MappingJackson2HttpMessageConverter json) {
        json.setObjectMapper(json.getObjectMapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addHandler(new ReadBackFields()));
      }
    }
  }

  /** Skips the fields a resource only shows, so that its own GET body can be sent back. */
  private static final class ReadBackFields extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context, JsonParser parser, JsonDeserializer<?> deserializer, Object beanOrClass, String name)
        throws IOException {
      if (SHOWN_NOT_TAKEN.contains(name) || (name.endsWith("Set") && name.length() > 3)) {
        parser.skipChildren();
        return true;
      }
      return false;
    }
  }
}
