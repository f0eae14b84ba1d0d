package dev.openlines.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SettingsCacheTest {

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final SettingsCache<String, String> cache = new SettingsCache<>(Duration.ofSeconds(2), nanos::get);

  private Optional<String> read(String key) {
    reads.incrementAndGet();
    return Optional.of(key + "-v" + reads.get());
  }

  @Test
  void readsTheStoreOncePerTimeToLive() {
    assertThat(cache.get("web", this::read)).contains("web-v1");
    nanos.addAndGet(Duration.ofMillis(1999).toNanos());
    assertThat(cache.get("web", this::read)).contains("web-v1");
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(cache.get("web", this::read)).contains("web-v2");
    assertThat(reads).hasValue(2);
  }

  @Test
  void aSaveIsSeenAtOnce() {
    cache.get("web", this::read);
    cache.invalidate("web");
    assertThat(cache.get("web", this::read)).contains("web-v2");
  }

  @Test
  void absenceIsCachedAndASaveEndsIt() {
    assertThat(cache.get("new", key -> { reads.incrementAndGet(); return Optional.empty(); })).isEmpty();
    assertThat(cache.get("new", this::read)).isEmpty();
    cache.invalidate("new");
    assertThat(cache.get("new", this::read)).isPresent();
  }

  @Test
  void aValueReadWhileASaveHappenedIsNotKept() {
    Optional<String> old = cache.get("web", key -> {
      cache.invalidate("web"); // an admin saves while the old value is on its way
      return Optional.of("old");
    });
    assertThat(old).contains("old");
    assertThat(cache.get("web", key -> Optional.of("new"))).contains("new");
  }

  @Test
  void zeroTimeToLiveReadsEveryTime() {
    SettingsCache<String, String> off = new SettingsCache<>(Duration.ZERO, nanos::get);
    off.get("web", this::read);
    off.get("web", this::read);
    assertThat(reads).hasValue(2);
  }
}
