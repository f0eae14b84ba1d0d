package dev.openlines.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.KpiSettings;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiSettingsValidationTest {

  private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

  private List<String> problems(KpiSettings settings) {
    return validator.validate(settings).stream().map(v -> v.getPropertyPath() + ": " + v.getMessage()).toList();
  }

  @Test
  void limitsWithTextAndRecipientsAreValid() {
    assertThat(problems(new KpiSettings(Duration.ofMinutes(5), null, "#OPERATOR# is late in #DIALOG#", List.of("sup-1")))).isEmpty();
  }

  @Test
  void aLimitBelowOneMinuteIsRejected() {
    assertThat(problems(new KpiSettings(Duration.ofSeconds(20), null, "late", List.of("sup-1"))))
        .singleElement().asString().contains("between 1 minute and 7 days");
  }

  @Test
  void noLimitAtAllIsRejected() {
    assertThat(problems(new KpiSettings(null, null, "late", List.of("sup-1"))))
        .singleElement().asString().contains("at least one");
  }

  @Test
  void recipientsAndTextAreRequired() {
    assertThat(problems(new KpiSettings(Duration.ofMinutes(5), null, " ", List.of())))
        .hasSize(2).anyMatch(p -> p.startsWith("recipients")).anyMatch(p -> p.startsWith("notificationText"));
  }
}
