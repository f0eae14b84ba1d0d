package dev.openlines.bench;

import dev.openlines.harness.OpenLinesHttp;
import dev.openlines.harness.PackagedApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The admin's set-up of a benchmark line, through the API as docs/walkthrough.md does it. */
final class Setup {

  /** Operators and their OPERATOR keys, in the same order. */
  record Operators(List<String> ids, List<String> keys) {}

  private Setup() {}

  /** Operators {@code prefix}1..N, each with a key, online. */
  static Operators operators(OpenLinesHttp http, String prefix, int count) throws Exception {
    String admin = PackagedApp.ADMIN_KEY;
    List<String> ids = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = prefix + i;
      http.createOperator(admin, id);
      String key = http.createOperatorKey(admin, id);
      http.goOnline(key);
      ids.add(id);
      keys.add(key);
    }
    return new Operators(ids, keys);
  }

  /** One EVENLY channel over the operators, with a live-chat connector. */
  static void line(OpenLinesHttp http, String channelId, String connectorId, Operators operators, Duration idleTime,
      Integer chatLimit) throws Exception {
    http.createEvenlyChannel(PackagedApp.ADMIN_KEY, channelId, operators.ids(), idleTime, chatLimit);
    http.createLiveChatConnector(PackagedApp.ADMIN_KEY, channelId, connectorId);
  }
}
