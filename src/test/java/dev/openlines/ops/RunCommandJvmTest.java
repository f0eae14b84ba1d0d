package dev.openlines.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The README runs the service with {@code ./mvnw spring-boot:run}. The plugin's default "optimized launch" limits
 * that JVM to the C1 compiler, which routed a fifth fewer conversations under load than the full JIT
 * (bench/RESULTS.md, nineteenth sitting): someone trying the service that way would measure the wrong thing.
 */
class RunCommandJvmTest {

  @Test
  void theReadmesRunCommandKeepsTheFullJit() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    String optimizedLaunch = XPathFactory.newInstance().newXPath().evaluate(
        "/*[local-name()='project']/*[local-name()='build']/*[local-name()='plugins']/*[local-name()='plugin']"
            + "[*[local-name()='artifactId']='spring-boot-maven-plugin']/*[local-name()='configuration']"
            + "/*[local-name()='optimizedLaunch']",
        pom);

    assertThat(optimizedLaunch).as("spring-boot-maven-plugin's optimizedLaunch").isEqualTo("false");
  }
}
