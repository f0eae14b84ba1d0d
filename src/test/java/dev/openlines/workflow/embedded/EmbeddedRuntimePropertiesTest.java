package dev.openlines.workflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

class EmbeddedRuntimePropertiesTest {

  @Test
  void readsEngineSettings() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("openlines.embedded.engine.state-memory", "48MB")
            .withProperty("openlines.embedded.engine.record-retention", "250")
            .withProperty("openlines.embedded.engine.port", "26500")
            .withProperty("openlines.embedded.engine.state-store", "RocksDB")
            .withProperty("openlines.embedded.store.compaction-fill-rate", "80");

    EmbeddedRuntimeProperties properties = EmbeddedRuntimeProperties.from(environment);

    assertThat(properties.engineStateStore()).isEqualTo(EmbeddedRuntimeProperties.EngineStateStore.ROCKSDB);
    assertThat(properties.storeCompactionFillRate()).isEqualTo(80);
    assertThat(properties.engineStateMemory()).isEqualTo(DataSize.ofMegabytes(48));
    assertThat(properties.engineRecordRetention()).isEqualTo(250);
    assertThat(properties.enginePort()).isEqualTo(26500);
  }

  @Test
  void defaultsKeepLittleHistoryInProduction() {
    EmbeddedRuntimeProperties properties = EmbeddedRuntimeProperties.from(new MockEnvironment());

    assertThat(properties.engineRecordRetention()).isEqualTo(1_000);
    assertThat(properties.engineStateMemory()).isEqualTo(DataSize.ofMegabytes(32));
    assertThat(properties.engineStateStore()).isEqualTo(EmbeddedRuntimeProperties.EngineStateStore.HEAP);
    assertThat(properties.storeCompactionFillRate()).isEqualTo(50);
  }

  @Test
  void rejectsSettingsThatCannotWorkNamingTheKey() {
    for (String fillRate : new String[] {"5", "95"}) {
      assertThatThrownBy(
              () -> EmbeddedRuntimeProperties.from(
                  new MockEnvironment().withProperty("openlines.embedded.store.compaction-fill-rate", fillRate)))
          .hasMessageContaining("openlines.embedded.store.compaction-fill-rate must be 10..90");
    }
    assertThatThrownBy(
            () -> EmbeddedRuntimeProperties.from(
                new MockEnvironment().withProperty("openlines.embedded.engine.record-retention", "-1")))
        .hasMessageContaining("openlines.embedded.engine.record-retention");
    assertThatThrownBy(
            () -> EmbeddedRuntimeProperties.from(
                new MockEnvironment().withProperty("openlines.embedded.engine.state-memory", "1MB")))
        .hasMessageContaining("openlines.embedded.engine.state-memory");
    assertThatThrownBy(
            () -> EmbeddedRuntimeProperties.from(
                new MockEnvironment().withProperty("openlines.embedded.engine.port", "70000")))
        .hasMessageContaining("openlines.embedded.engine.port");
    assertThatThrownBy(
            () -> EmbeddedRuntimeProperties.from(
                new MockEnvironment().withProperty("openlines.embedded.engine.state-store", "disk")))
        .hasMessageContaining("openlines.embedded.engine.state-store must be heap or rocksdb, was 'disk'");
  }
}
