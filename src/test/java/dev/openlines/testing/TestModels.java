package dev.openlines.testing;

import io.camunda.client.CamundaClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Deploys the test-only models of src/test/resources/test-models/ once per engine. */
public final class TestModels {

  private static final Set<String> deployed = ConcurrentHashMap.newKeySet();

  private TestModels() {}

  public static void deploy(CamundaClient client, String fileName) {
    String key = System.identityHashCode(client) + ":" + fileName;
    if (deployed.add(key)) {
      client.newDeployResourceCommand().addResourceFromClasspath("test-models/" + fileName).send().join();
    }
  }
}
