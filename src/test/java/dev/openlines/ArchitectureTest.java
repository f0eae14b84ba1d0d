package dev.openlines;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import dev.openlines.conversation.Conversation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The dependency rules of the code base (issue 12), checked on the production classes in every build.
 * Where a rule does not hold yet, the classes that break it are listed here by name: the list may only
 * shrink (a listed class that keeps the rule fails the test until it is taken off).
 */
class ArchitectureTest {

  /** The production classes: this project's compiled sources, no tests, no libraries. */
  static final JavaClasses PRODUCTION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_ARCHIVES)
      .importClasspath();

  /**
   * No package cycles. Every package is its own slice (conversation.inbound apart from conversation,
   * connector.telegram apart from connector): a port package such as connector can sit below
   * conversation while its adapters (connector.telegram, ...) sit above it.
   */
  @Test
  void noPackageCycles() {
    slices().matching("dev.openlines.(**)").should().beFreeOfCycles().check(PRODUCTION);
  }

  /**
   * No production class in another project's package.
   * TODO(issue 12): io.camunda.zeebe.process.test.engine.LoopbackGateway and
   * io.camunda.zeebe.process.test.engine.InstanceScopedResponseWriter still live in Zeebe's package (the
   * embedded engine reaches package-private Zeebe code through them); they move with the embedded engine's
   * own package. Until then the rule is frozen on those two (src/test/resources/archunit_store); any other
   * class outside dev.openlines fails it, and the store shrinks by itself once they are gone.
   */
  @Test
  void everyProductionClassIsInTheProjectsPackage() {
    ArchRule rule = classes().should().resideInAPackage("dev.openlines..")
        .as("production classes reside in dev.openlines..");
    FreezingArchRule.freeze(rule).check(PRODUCTION);
  }

  /**
   * The conversation package owns the conversations document: no class elsewhere queries Conversation.class
   * through MongoTemplate with string field paths. These still do (to shrink: give conversation a named
   * operation and call it, or react to its events).
   */
  static final Set<String> QUERYING_CONVERSATIONS_OUTSIDE_THEIR_OWNER = Set.of();

  @Test
  void conversationsAreQueriedOnlyByTheirOwner() {
    noClasses().that().resideOutsideOfPackage("dev.openlines.conversation")
        .and(not(named(QUERYING_CONVERSATIONS_OUTSIDE_THEIR_OWNER)))
        .should(queryConversationsThroughMongoTemplate())
        .check(PRODUCTION);
    assertThat(stillTrue(QUERYING_CONVERSATIONS_OUTSIDE_THEIR_OWNER, queriesConversations()))
        .as("classes that no longer query conversations: take them off QUERYING_CONVERSATIONS_OUTSIDE_THEIR_OWNER")
        .containsExactlyInAnyOrderElementsOf(QUERYING_CONVERSATIONS_OUTSIDE_THEIR_OWNER);
  }

  /**
   * The engine's command client (publishing messages, creating instances, completing jobs, deploying)
   * is used only in the workflow package, the one port into the engine. Job workers elsewhere may use
   * the worker API: the annotations, the activated job and the errors a worker throws. Messages go through
   * workflow.ProcessMessages, instance commands through workflow.ProcessInstances. The list is empty; it stays
   * for the check that a class listed here still breaks the rule.
   */
  static final Set<String> USING_THE_ENGINE_CLIENT_OUTSIDE_WORKFLOW = Set.of();

  @Test
  void theEngineClientIsUsedOnlyInWorkflow() {
    noClasses().that().resideOutsideOfPackage("dev.openlines.workflow..")
        .and(not(named(USING_THE_ENGINE_CLIENT_OUTSIDE_WORKFLOW)))
        .should().dependOnClassesThat(ENGINE_CLIENT)
        .check(PRODUCTION);
    assertThat(stillTrue(USING_THE_ENGINE_CLIENT_OUTSIDE_WORKFLOW, usesEngineClient()))
        .as("classes that no longer use the engine client: take them off USING_THE_ENGINE_CLIENT_OUTSIDE_WORKFLOW")
        .containsExactlyInAnyOrderElementsOf(USING_THE_ENGINE_CLIENT_OUTSIDE_WORKFLOW);
  }

  /** The most lines a production source file may have: a newcomer reads one class in one sitting. */
  static final int MAX_LINES = 300;

  /**
   * Production source files still longer than {@link #MAX_LINES}: none. A file that grows past the limit fails
   * the build until it is split by responsibility.
   */
  static final Set<String> LONGER_THAN_ALLOWED = Set.of();

  @Test
  void noProductionClassIsLongerThanThreeHundredLines() throws IOException {
    Path sources = Path.of("src", "main", "java");
    Map<String, Long> longer;
    try (Stream<Path> files = Files.walk(sources)) {
      longer = files.filter(file -> file.toString().endsWith(".java"))
          .collect(Collectors.toMap(
              file -> sources.relativize(file).toString().replace(".java", "").replace(file.getFileSystem().getSeparator(), "."),
              ArchitectureTest::lines))
          .entrySet().stream().filter(entry -> entry.getValue() > MAX_LINES)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
    assertThat(longer.keySet().stream().filter(name -> !LONGER_THAN_ALLOWED.contains(name)).collect(Collectors.toMap(name -> name, longer::get)))
        .as("production classes over %d lines: split them by responsibility", MAX_LINES)
        .isEmpty();
    assertThat(longer.keySet())
        .as("classes now at most %d lines: take them off LONGER_THAN_ALLOWED", MAX_LINES)
        .containsExactlyInAnyOrderElementsOf(LONGER_THAN_ALLOWED);
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final DescribedPredicate<JavaClass> ENGINE_CLIENT = DescribedPredicate.describe(
      "the engine client (io.camunda.client.., io.camunda.zeebe.client.., beyond the job-worker API)",
      target -> (target.getPackageName().startsWith("io.camunda.client") || target.getPackageName().startsWith("io.camunda.zeebe.client"))
          && !target.getPackageName().startsWith("io.camunda.client.annotation")
          && !target.getPackageName().startsWith("io.camunda.client.exception")
          && !target.getName().equals("io.camunda.client.api.response.ActivatedJob"));

  private static DescribedPredicate<JavaClass> named(Set<String> names) {
    return DescribedPredicate.describe("listed", javaClass -> names.contains(javaClass.getName()));
  }

  private static Set<String> stillTrue(Set<String> names, DescribedPredicate<JavaClass> property) {
    return PRODUCTION.stream().filter(javaClass -> names.contains(javaClass.getName()) && property.test(javaClass))
        .map(JavaClass::getName).collect(Collectors.toSet());
  }

  private static DescribedPredicate<JavaClass> usesEngineClient() {
    return DescribedPredicate.describe("uses the engine client", javaClass -> javaClass.getDirectDependenciesFromSelf().stream()
        .anyMatch(dependency -> ENGINE_CLIENT.test(dependency.getTargetClass())));
  }

  /** Names Conversation.class and calls MongoTemplate (or MongoOperations): a query with string field paths. */
  private static DescribedPredicate<JavaClass> queriesConversations() {
    return DescribedPredicate.describe("queries Conversation.class through MongoTemplate", javaClass ->
        javaClass.getReferencedClassObjects().stream().anyMatch(reference -> reference.getRawType().isEquivalentTo(Conversation.class))
            && javaClass.getMethodCallsFromSelf().stream().anyMatch(call ->
                call.getTargetOwner().isEquivalentTo(MongoTemplate.class) || call.getTargetOwner().isEquivalentTo(MongoOperations.class)));
  }

  private static ArchCondition<JavaClass> queryConversationsThroughMongoTemplate() {
    return new ArchCondition<>("query Conversation.class through MongoTemplate") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        if (queriesConversations().test(javaClass)) {
          events.add(SimpleConditionEvent.satisfied(javaClass, javaClass.getName() + " queries Conversation.class through MongoTemplate"));
        } else {
          events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " does not"));
        }
      }
    };
  }
}
