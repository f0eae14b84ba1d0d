package dev.openlines.workflow.embedded;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the in-process engine and store before any bean is created, then points the Camunda client
 * and Spring Data MongoDB at them exactly as they would point at a real cluster and database.
 * Registered in {@code META-INF/spring.factories}, so {@code @SpringBootTest} contexts get it too.
 */
public class EmbeddedRuntimeInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  static final String PROPERTY_SOURCE = "openlinesEmbeddedRuntime";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntimeInitializer.class);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    EmbeddedRuntimeProperties properties = EmbeddedRuntimeProperties.from(environment);
    if (!properties.enabled() || context.getParent() != null) {
      return;
    }
    long started = System.nanoTime();
    EmbeddedStore store = EmbeddedStore.start(properties);
    EmbeddedZeebeEngine engine = new EmbeddedZeebeEngine(properties);
    try {
      engine.start();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    EmbeddedRuntime runtime = new EmbeddedRuntime(store, engine, new EngineClock(engine.clock()));
    int enginePort = engine.port();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                PROPERTY_SOURCE,
                Map.of(
                    "spring.data.mongodb.uri", runtime.storeUri(),
                    "camunda.client.grpc-address", "http://127.0.0.1:" + enginePort,
                    "camunda.client.prefer-rest-over-grpc", "false",
                    "openlines.embedded.engine.bound-port", enginePort)));
    var beanFactory = context.getBeanFactory();
    beanFactory.registerSingleton("embeddedRuntime", runtime);
    beanFactory.registerSingleton("embeddedEngine", engine);
    beanFactory.registerSingleton("clock", runtime.clock());
    // The Camunda starter builds its own credentials provider only when there is none: this one sends
    // the engine's per-start access token, which the engine requires on every call.
    beanFactory.registerSingleton("embeddedEngineCredentials", engine.clientCredentials());
    // Registered before any other bean, so destroyed after all of them (workers stop first).
    ((org.springframework.beans.factory.support.DefaultListableBeanFactory) beanFactory)
        .registerDisposableBean("embeddedRuntime", runtime);
    log.info(
        "Embedded runtime up in {} ms: engine gRPC 127.0.0.1:{}, store {}",
        (System.nanoTime() - started) / 1_000_000,
        enginePort,
        store.address());
  }
}
