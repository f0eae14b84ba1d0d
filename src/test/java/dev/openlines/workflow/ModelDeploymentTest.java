package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.openlines.OpenLinesApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

class ModelDeploymentTest {

  @Test
  void aBrokenModelStopsStartUpWithTheEnginesMessage() {
    var application =
        new SpringApplicationBuilder(OpenLinesApplication.class)
            .properties(
                "openlines.models.locations=classpath*:broken-models/*.bpmn",
                "openlines.embedded.store.path=",
                "server.port=0");

    Throwable failure = catchThrowable(application::run);

    assertThat(failure).isInstanceOf(ModelDeploymentException.class)
        .hasMessageContaining("broken.bpmn")
        .hasMessageContaining("Must have exactly one 'zeebe:taskDefinition' extension element");
  }
}
