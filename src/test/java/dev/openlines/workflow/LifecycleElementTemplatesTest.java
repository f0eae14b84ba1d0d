package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openlines.channel.AutomaticActions;
import dev.openlines.conversation.ConversationDeadlines;
import dev.openlines.channel.KpiLimit;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The Modeler templates of the lifecycle workers name job types and header values the workers accept. */
class LifecycleElementTemplatesTest {

  private static final Path TEMPLATES = Path.of(".camunda", "element-templates");
  private static final List<String> LIFECYCLE_TEMPLATES = List.of(
      "send-automatic-message.json", "check-working-hours.json", "start-response-clock.json", "notify-late-reply.json",
      "set-deadline.json", "clear-deadline.json", "flag-spam.json");

  @Test
  void everyTemplateNamesAJobTypeOfWorkflowJob() throws Exception {
    Set<String> jobTypes = new HashSet<>();
    for (Field field : Workflow.Job.class.getFields()) {
      jobTypes.add((String) field.get(null));
    }
    for (String name : LIFECYCLE_TEMPLATES) {
      assertThat(jobType(read(name))).as(name).isIn(jobTypes);
    }
  }

  @Test
  void headerChoicesAreValuesTheWorkersAccept() throws IOException {
    assertThat(choices(read("send-automatic-message.json"), "template"))
        .containsExactlyInAnyOrderElementsOf(names(AutomaticActions.Template.values()));
    assertThat(choices(read("start-response-clock.json"), "limit")).containsExactlyInAnyOrderElementsOf(names(KpiLimit.values()));
    assertThat(choices(read("notify-late-reply.json"), "limit")).containsExactlyInAnyOrderElementsOf(names(KpiLimit.values()));
    assertThat(choices(read("set-deadline.json"), "deadline"))
        .containsExactlyInAnyOrderElementsOf(names(ConversationDeadlines.Deadline.values()));
    assertThat(choices(read("clear-deadline.json"), "deadline"))
        .containsExactlyInAnyOrderElementsOf(names(ConversationDeadlines.Deadline.values()));
    assertThat(names(dev.openlines.conversation.ConversationStatus.values()))
        .containsAll(choices(read("record-status.json"), "status"));
  }

  @Test
  void theSetDeadlineTemplateFeedsTheWorkersInput() throws IOException {
    assertThat(properties(read("set-deadline.json"))
            .filter(p -> "zeebe:input".equals(p.at("/binding/type").asText()))
            .map(p -> p.at("/binding/name").asText()))
        .containsExactly(Workflow.Variable.DEADLINE_IN);
  }

  private static JsonNode read(String name) throws IOException {
    return new ObjectMapper().readTree(Files.readString(TEMPLATES.resolve(name)));
  }

  private static Stream<JsonNode> properties(JsonNode template) {
    return StreamSupport.stream(template.get("properties").spliterator(), false);
  }

  private static String jobType(JsonNode template) {
    return properties(template)
        .filter(p -> "zeebe:taskDefinition".equals(p.at("/binding/type").asText()) && "type".equals(p.at("/binding/property").asText()))
        .map(p -> p.get("value").asText())
        .findFirst()
        .orElseThrow();
  }

  private static List<String> choices(JsonNode template, String headerKey) {
    return properties(template)
        .filter(p -> "zeebe:taskHeader".equals(p.at("/binding/type").asText()) && headerKey.equals(p.at("/binding/key").asText()))
        .flatMap(p -> StreamSupport.stream(p.get("choices").spliterator(), false))
        .map(choice -> choice.get("value").asText())
        .toList();
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
