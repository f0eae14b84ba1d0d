package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Every Modeler template in .camunda/element-templates/ places a job some worker of this application takes, and every
 * job of the product models has a template.
 */
class ElementTemplatesTest {

  private static final Path TEMPLATES = Path.of(".camunda", "element-templates");
  private static final Path MODELS = Path.of("bpmn");

  private static final Pattern TASK_TYPE = Pattern.compile("zeebe:taskDefinition\\s+type=\"([^\"]+)\"");

  @Test
  void everyTemplatesJobHasAWorker() throws Exception {
    Set<String> workerTypes = workerJobTypes();
    for (Map.Entry<String, String> template : templateJobTypes().entrySet()) {
      assertThat(workerTypes).as("a @JobWorker for %s of %s", template.getValue(), template.getKey()).contains(template.getValue());
    }
  }

  @Test
  void theChatBotJobsHaveTemplates() throws IOException {
    assertThat(templateJobTypes().values())
        .contains(Workflow.Job.BOT_START, Workflow.Job.BOT_FORWARD, Workflow.Job.BOT_HAND_TO_OPERATORS);
  }

  /**
   * Steps that keep the store and the process in step have templates too (category "process internals"),
   * so Modeler shows every task of the shipped models through its template; lint/bindings.js checks each
   * task is bound to one.
   */
  @Test
  void everyJobOfTheProductModelsHasATemplate() throws IOException {
    Set<String> missing = new TreeSet<>(modelJobTypes());
    missing.removeAll(templateJobTypes().values());
    assertThat(missing).as("job types in bpmn/ without an element template").isEmpty();
  }

  @Test
  void templateIdsAreUniqueAndEachPlacesAServiceTask() throws IOException {
    List<String> ids = new ArrayList<>();
    for (Path file : templateFiles()) {
      JsonNode template = read(file);
      ids.add(template.get("id").asText());
      assertThat(template.at("/elementType/value").asText()).as(file.toString()).isEqualTo("bpmn:ServiceTask");
      assertThat(template.get("name").asText()).as(file.toString()).startsWith("OpenLines: ");
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  /** File name -> job type. */
  private static Map<String, String> templateJobTypes() throws IOException {
    Map<String, String> types = new HashMap<>();
    for (Path file : templateFiles()) {
      types.put(file.getFileName().toString(), jobType(read(file)));
    }
    assertThat(types).isNotEmpty();
    return types;
  }

  private static Set<String> modelJobTypes() throws IOException {
    Set<String> types = new TreeSet<>();
    try (Stream<Path> models = Files.list(MODELS)) {
      for (Path model : models.filter(p -> p.toString().endsWith(".bpmn")).toList()) {
        Matcher matcher = TASK_TYPE.matcher(Files.readString(model));
        while (matcher.find()) {
          types.add(matcher.group(1));
        }
      }
    }
    assertThat(types).isNotEmpty();
    return types;
  }

  /** The job types of every {@code @JobWorker} method on the application's components. */
  private static Set<String> workerJobTypes() throws ClassNotFoundException {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    Set<String> types = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("dev.openlines")) {
      Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), ElementTemplatesTest.class.getClassLoader());
      for (Method method : type.getDeclaredMethods()) {
        JobWorker worker = method.getAnnotation(JobWorker.class);
        if (worker != null) {
          // Without a type, the client subscribes with the method's name.
          types.add(worker.type().isEmpty() ? method.getName() : worker.type());
        }
      }
    }
    assertThat(types).contains(Workflow.Job.BOT_START);
    return types;
  }

  private static List<Path> templateFiles() throws IOException {
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static JsonNode read(Path file) throws IOException {
    return new ObjectMapper().readTree(Files.readString(file));
  }

  private static String jobType(JsonNode template) {
    return StreamSupport.stream(template.get("properties").spliterator(), false)
        .filter(p -> "zeebe:taskDefinition".equals(p.at("/binding/type").asText()) && "type".equals(p.at("/binding/property").asText()))
        .map(p -> p.get("value").asText())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no job type in " + template.get("id")));
  }
}
