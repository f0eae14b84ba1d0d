package dev.openlines.channel;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Settings as read from the store, kept for a short time: a conversation reads its channel's,
 * connector's and lifecycle settings at nearly every step, and they change only when an admin saves
 * them. A save through this instance drops the entry at once; another application instance's save
 * is seen after at most the time to live ({@code openlines.settings.cache-ttl}, zero turns caching off).
 * Values must be treated as read-only by callers.
 */
public final class SettingsCache<K, V> {

  private record Entry<V>(Optional<V> value, long expiresAtNanos) {}

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  /** Counts invalidations: a value read before one of them is not kept (it may be the old one). */
  private final AtomicLong writes = new AtomicLong();
  private final long ttlNanos;
  private final LongSupplier nanoTime;

  public SettingsCache(Duration ttl) {
    this(ttl, System::nanoTime);
  }

  SettingsCache(Duration ttl, LongSupplier nanoTime) {
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The cached value, or what {@code load} reads now (absence is cached too). */
  public Optional<V> get(K key, Function<K, Optional<V>> load) {
    if (ttlNanos <= 0) {
      return load.apply(key);
    }
    long now = nanoTime.getAsLong();
    Entry<V> entry = entries.get(key);
    if (entry != null && now - entry.expiresAtNanos() < 0) {
      return entry.value();
    }
    long writesBefore = writes.get();
    Optional<V> loaded = load.apply(key);
    if (writes.get() == writesBefore) {
      entries.put(key, new Entry<>(loaded, now + ttlNanos));
    }
    return loaded;
  }

  /** Drops the entry; call after every write of the setting. */
  public void invalidate(K key) {
    writes.incrementAndGet();
    entries.remove(key);
  }
}
