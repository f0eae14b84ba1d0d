package dev.openlines.workflow;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys every model of bpmn/ and dmn/ (packaged under {@code models/}) when the application starts.
 * A model the engine rejects stops start-up with the engine's own explanation.
 */
@Component
public class ModelDeployer implements SmartInitializingSingleton {

  static final String MODEL_LOCATIONS = "classpath*:models/**/*.bpmn,classpath*:models/**/*.dmn";
  /** Generous: on a machine shared by many builds the first deployment has taken over 30 s. */
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(ModelDeployer.class);

  private final CamundaClient client;
  private final List<String> locations;

  public ModelDeployer(
      CamundaClient client,
      @Value("${openlines.models.locations:" + MODEL_LOCATIONS + "}") List<String> locations) {
    this.client = client;
    this.locations = locations;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<Resource> models = findModels();
    if (models.isEmpty()) {
      throw new ModelDeploymentException("No models found at " + locations);
    }
    DeployResourceCommandStep2 command = null;
    for (Resource model : models) {
      command =
          command == null
              ? client.newDeployResourceCommand().addResourceBytes(read(model), model.getFilename())
              : command.addResourceBytes(read(model), model.getFilename());
    }
    try {
      // The request deadline must match the wait: the client's default (10 s) is too short for a first
      // deployment on a busy machine.
      DeploymentEvent deployment = command.requestTimeout(TIMEOUT).send().join(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      log.info(
          "Deployed {} process(es) and {} decision(s): {}",
          deployment.getProcesses().size(),
          deployment.getDecisions().size(),
          models.stream().map(Resource::getFilename).toList());
    } catch (RuntimeException e) {
      throw new ModelDeploymentException(
          "The engine rejected the models " + models.stream().map(Resource::getFilename).toList() + ": " + e.getMessage(), e);
    }
  }

  private List<Resource> findModels() {
    try {
      var resolver = new PathMatchingResourcePatternResolver();
      List<Resource> models = new ArrayList<>();
      for (String location : locations) {
        models.addAll(Arrays.asList(resolver.getResources(location)));
      }
      models.sort(Comparator.comparing(Resource::getFilename));
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the models at " + locations, e);
    }
  }

  private static byte[] read(Resource model) {
    try (InputStream in = model.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the model " + model.getFilename(), e);
    }
  }
}
