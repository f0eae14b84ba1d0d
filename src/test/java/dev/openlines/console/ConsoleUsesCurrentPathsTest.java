package dev.openlines.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.api.DeprecatedPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console, the supervisor view and the widget call only current API paths, never a deprecated alias (which answers
 * with {@code Deprecation: true} and goes away in the next release). A line of their scripts is flagged when it holds
 * every fixed piece of a deprecated path in order, so {@code "/api/channels/" + id + "/bot-settings"} is caught too.
 */
class ConsoleUsesCurrentPathsTest {

  static final Path STATIC = Path.of("src", "main", "resources", "static");

  @Test
  void theBrowserClientsCallNoDeprecatedPath() throws IOException {
    List<Path> scripts;
    try (Stream<Path> files = Files.walk(STATIC)) {
      scripts = files.filter(file -> file.toString().endsWith(".js") || file.toString().endsWith(".html")).toList();
    }
    assertThat(scripts).anyMatch(file -> file.endsWith(Path.of("console", "console.js")));
    List<String> uses = new ArrayList<>();
    for (Path script : scripts) {
      List<String> lines = Files.readAllLines(script);
      for (int i = 0; i < lines.size(); i++) {
        for (String deprecated : DeprecatedPaths.deprecated()) {
          if (holdsInOrder(lines.get(i), deprecated.split("\\{[^}]*}"))) {
            uses.add(STATIC.relativize(script) + ":" + (i + 1) + " calls deprecated " + deprecated + ": " + lines.get(i).strip());
          }
        }
      }
    }
    assertThat(uses).isEmpty();
  }

  @Test
  void theCheckFindsADeprecatedPathBuiltFromPieces() {
    assertThat(holdsInOrder("api(\"GET\", \"/api/operator/inbox\")", "/api/operator/inbox".split("\\{[^}]*}"))).isTrue();
    assertThat(holdsInOrder("api(\"GET\", \"/api/channels/\" + id + \"/bot-settings\")",
        "/api/channels/{channelId}/bot-settings".split("\\{[^}]*}"))).isTrue();
    assertThat(holdsInOrder("api(\"GET\", \"/api/operators/me/inbox\")", "/api/operator/inbox".split("\\{[^}]*}"))).isFalse();
  }

  private static boolean holdsInOrder(String line, String[] pieces) {
    int from = 0;
    for (String piece : pieces) {
      int at = line.indexOf(piece, from);
      if (at < 0) {
        return false;
      }
      from = at + piece.length();
    }
    return true;
  }
}
