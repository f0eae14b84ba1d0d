package dev.openlines.bench;

import dev.openlines.harness.OpenLinesHttp;
import dev.openlines.harness.PackagedApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The admin's set-up of a benchmark line, through the API as the README walkthrough does it. */
final class Setup {

  private Setup() {}

  /** Operators op-1..op-N online on one EVENLY channel with a live-chat connector; returns their OPERATOR keys in order. */
  static List<String> channel(OpenLinesHttp http, String channelId, String connectorId, int operators, Duration idleTime,
      Integer chatLimit) throws Exception {
    String admin = PackagedApp.ADMIN_KEY;
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= operators; i++) {
      ids.add("op-" + i);
      http.createOperator(admin, "op-" + i);
    }
    http.createEvenlyChannel(admin, channelId, ids, idleTime, chatLimit);
    http.createLiveChatConnector(admin, channelId, connectorId);
    List<String> keys = new ArrayList<>();
    for (String id : ids) {
      String key = http.createOperatorKey(admin, id);
      http.goOnline(key);
      keys.add(key);
    }
    return keys;
  }
}
