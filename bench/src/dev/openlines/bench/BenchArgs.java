package dev.openlines.bench;

import java.util.HashMap;
import java.util.Map;

/** key=value command-line arguments of the benchmarks. */
record BenchArgs(Map<String, String> values) {

  static BenchArgs parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      values.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    return new BenchArgs(values);
  }

  int integer(String key, int fallback) {
    return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
  }

  String text(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  boolean bool(String key, boolean fallback) {
    return values.containsKey(key) ? Boolean.parseBoolean(values.get(key)) : fallback;
  }
}
