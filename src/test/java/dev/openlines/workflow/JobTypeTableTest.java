package dev.openlines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.annotation.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * {@code docs/job-types.md} is the map from the model to the code: for every job type of
 * every model in {@code bpmn/}, the elements that create it (with their headers), the worker method that
 * runs it and the services that worker calls. The test regenerates the table and fails when the file differs
 * (run with {@code JOBTYPES_WRITE=true} in the environment to rewrite it), and when a job type of the model has no worker, or
 * more than one.
 */
class JobTypeTableTest {

  static final Path MODELS = Path.of("bpmn");
  static final Path TABLE = Path.of("docs", "job-types.md");
  /** Job types with a worker but no element in the current model, and why they stay. */
  static final Map<String, String> KEPT_FOR_RUNNING_INSTANCES =
      Map.of(
          Workflow.Job.READ_CHANNEL_SETTINGS, "instances of earlier model versions still running on a cluster",
          Workflow.Job.ROUTING_RELEASE, "instances of earlier model versions still running on a cluster");

  record Element(String id, String name, String headers) {}

  record Worker(String type, String method, String services) {}

  @Test
  void theJobTypeTableInDocsIsCurrentAndEveryJobTypeOfTheModelHasExactlyOneWorker() throws IOException {
    Map<String, List<Element>> elements = elementsByJobType();
    Map<String, List<Worker>> workers = workersByJobType();

    assertThat(elements.keySet().stream().filter(type -> workers.getOrDefault(type, List.of()).size() != 1).toList())
        .as("job types of the model without exactly one worker method").isEmpty();
    Set<String> unused = workers.keySet().stream()
        .filter(type -> !elements.containsKey(type) && !KEPT_FOR_RUNNING_INSTANCES.containsKey(type))
        .collect(Collectors.toSet());
    assertThat(unused).as("workers of job types no element of the model creates").isEmpty();

    String table = render(elements, workers);
    if ("true".equals(System.getenv("JOBTYPES_WRITE"))) {
      Files.writeString(TABLE, table);
    }
    assertThat(Files.exists(TABLE) ? Files.readString(TABLE) : "")
        .as("docs/job-types.md is out of date: run the test with JOBTYPES_WRITE=true in the environment and commit the file")
        .isEqualTo(table);
  }

  static Map<String, List<Element>> elementsByJobType() throws IOException {
    Map<String, List<Element>> byType = new TreeMap<>();
    List<Path> files;
    try (var listing = Files.list(MODELS)) {
      files = listing.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
    }
    for (Path file : files) {
      addElements(Bpmn.readModelFromFile(file.toFile()), byType);
    }
    byType.values().forEach(list -> list.sort(Comparator.comparing(Element::id)));
    return byType;
  }

  private static void addElements(BpmnModelInstance model, Map<String, List<Element>> byType) {
    for (ZeebeTaskDefinition definition : model.getModelElementsByType(ZeebeTaskDefinition.class)) {
      FlowNode task = (FlowNode) definition.getParentElement().getParentElement();
      ZeebeTaskHeaders headers = task.getSingleExtensionElement(ZeebeTaskHeaders.class);
      String headerText = headers == null ? "" : headers.getHeaders().stream()
          .map(ZeebeHeader::getKey)
          .filter(key -> !key.startsWith("template"))
          .map(key -> key + "=" + headers.getHeaders().stream().filter(h -> h.getKey().equals(key)).findFirst().orElseThrow().getValue())
          .collect(Collectors.joining(", "));
      byType.computeIfAbsent(definition.getType(), t -> new ArrayList<>())
          .add(new Element(task.getId(), task.getName() == null ? "" : task.getName(), headerText));
    }
  }

  static Map<String, List<Worker>> workersByJobType() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    Map<String, List<Worker>> byType = new TreeMap<>();
    for (BeanDefinition bean : scanner.findCandidateComponents("dev.openlines")) {
      Class<?> type;
      try {
        type = Class.forName(bean.getBeanClassName());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes")) {
        continue; // the tests' own workers
      }
      for (Method method : type.getDeclaredMethods()) {
        JobWorker worker = method.getAnnotation(JobWorker.class);
        if (worker != null) {
          byType.computeIfAbsent(worker.type(), t -> new ArrayList<>())
              .add(new Worker(worker.type(), simpleName(type) + "#" + method.getName(), servicesOf(type)));
        }
      }
    }
    return byType;
  }

  /** What the worker calls: its constructor's parameters that are the application's own types. */
  static String servicesOf(Class<?> worker) {
    return Arrays.stream(worker.getDeclaredConstructors())
        .max(Comparator.comparingInt(Constructor::getParameterCount))
        .map(constructor -> Arrays.stream(constructor.getParameterTypes())
            .filter(parameter -> parameter.getName().startsWith("dev.openlines."))
            .map(JobTypeTableTest::simpleName)
            .collect(Collectors.joining(", ")))
        .orElse("");
  }

  static String simpleName(Class<?> type) {
    return type.getName().substring("dev.openlines.".length()).replace('$', '.');
  }

  static String render(Map<String, List<Element>> elements, Map<String, List<Worker>> workers) {
    StringBuilder out = new StringBuilder();
    out.append("# Job types: from the model to the code\n\n")
        .append("Generated by `JobTypeTableTest` from the models in `bpmn/` and the `@JobWorker` methods; the test fails\n")
        .append("when this file is out of date (`JOBTYPES_WRITE=true mvn test -Dtest=JobTypeTableTest` rewrites it).\n")
        .append("Classes are named relative to `dev.openlines`. Find an element of the model by its id or name,\n")
        .append("follow its job type to the worker method, and from there to the services it calls.\n\n")
        .append("| job type | BPMN elements (id: name; headers) | worker method | services the worker calls |\n")
        .append("|---|---|---|---|\n");
    Set<String> types = new java.util.TreeSet<>(elements.keySet());
    types.addAll(workers.keySet());
    for (String type : types) {
      String where = elements.getOrDefault(type, List.of()).stream()
          .map(e -> "`" + e.id() + "`: " + e.name().replace("|", "\\|") + (e.headers().isEmpty() ? "" : " (" + e.headers() + ")"))
          .collect(Collectors.joining("<br>"));
      if (where.isEmpty()) {
        where = "none in the current model (kept for " + KEPT_FOR_RUNNING_INSTANCES.getOrDefault(type, "?") + ")";
      }
      List<Worker> handlers = workers.getOrDefault(type, List.of());
      out.append("| `").append(type).append("` | ").append(where).append(" | ")
          .append(handlers.stream().map(w -> "`" + w.method() + "`").collect(Collectors.joining("<br>"))).append(" | ")
          .append(handlers.stream().map(Worker::services).distinct().collect(Collectors.joining("<br>"))).append(" |\n");
    }
    return out.toString();
  }
}
