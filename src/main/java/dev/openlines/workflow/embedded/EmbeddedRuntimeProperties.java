package dev.openlines.workflow.embedded;

import java.nio.file.Path;
import org.springframework.core.env.Environment;

/**
 * Settings of the embedded runtime. Read straight from the {@link Environment} because the runtime
 * starts before any bean exists, so {@code @ConfigurationProperties} binding is not available yet.
 *
 * @param enabled false on the {@code external} profile: then nothing is started in-process
 * @param storePath H2 file of the document store; blank keeps the store in memory only
 * @param storePort loopback port of the store; 0 picks a free one
 * @param enginePort loopback gRPC port of the engine; 0 picks a free one
 * @param engineStateDir directory of the engine's state store
 */
public record EmbeddedRuntimeProperties(
    boolean enabled, String storePath, int storePort, int enginePort, Path engineStateDir) {

  static EmbeddedRuntimeProperties from(Environment env) {
    return new EmbeddedRuntimeProperties(
        env.getProperty("openlines.embedded.enabled", Boolean.class, true),
        env.getProperty("openlines.embedded.store.path", "./data/store.mv.db"),
        env.getProperty("openlines.embedded.store.port", Integer.class, 0),
        env.getProperty("openlines.embedded.engine.port", Integer.class, 0),
        Path.of(env.getProperty("openlines.embedded.engine.state-dir", "./data/engine")));
  }

  boolean storeInMemory() {
    return storePath == null || storePath.isBlank();
  }
}
