package dev.openlines.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import java.util.List;
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
 */
@Configuration
class StrictRequestBodies implements WebMvcConfigurer {

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    for (HttpMessageConverter<?> converter : converters) {
      if (converter instanceof MappingJackson2HttpMessageConverter json) {
        json.setObjectMapper(json.getObjectMapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
      }
    }
  }
}
