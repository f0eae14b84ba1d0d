package dev.openlines.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.CrmSettings;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

class CrmSettingsTest {

  private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

  @Test
  void aChannelMustSayWhatToDoForUnknownClients() {
    var violations = validator.validate(new CrmSettings(null, true, false));

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.getPropertyPath().toString()).isEqualTo("leadCreation");
      assertThat(v.getMessage()).contains("LEAD, DEAL, MANUAL or OFF");
    });
  }

  @Test
  void theDefaultsAreValid() {
    assertThat(validator.validate(CrmSettings.defaults())).isEmpty();
  }
}
