package dev.openlines.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system (Debian's {@code chromium} and {@code chromium-driver}), each browser with
 * a fresh profile. Tests that need one skip, saying what to install, where none is found.
 */
final class Browsers {

  private static final List<String> CHROMIUM = List.of(
      "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
  static final Path SCREENSHOTS = Path.of("docs", "images");

  private Browsers() {}

  /** Skips the calling test when no Chromium with its driver is installed. */
  static void assumeChromium() {
    assumeTrue(find(CHROMIUM).isPresent() && find(DRIVER).isPresent(),
        "No Chromium found: install it to run the browser tests (Debian/Ubuntu: apt-get install -y chromium chromium-driver)");
  }

  static WebDriver open(int width, int height) throws IOException {
    return open(width, height, Files.createTempDirectory("openlines-downloads-"));
  }

  /** A browser that saves downloads into {@code downloads} without asking. */
  static WebDriver open(int width, int height, Path downloads) throws IOException {
    assumeChromium();
    for (int attempt = 1; ; attempt++) {
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(find(DRIVER).orElseThrow()).toFile())
          .usingAnyFreePort()
          .withTimeout(java.time.Duration.ofMinutes(2)).build();
      try {
        ChromeDriver browser = new ChromeDriver(service, options(width, height, downloads));
        browser.executeCdpCommand("Browser.setDownloadBehavior",
            java.util.Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
        return browser;
      } catch (org.openqa.selenium.WebDriverException notStarted) {
        // On a busy machine Chromium can miss the driver's start-up deadlines (the DevTools handshake): a
        // browser that did not come up is started again, with a fresh profile; the tests' waits are not touched.
        service.stop();
        if (attempt == 3) {
          throw notStarted;
        }
      }
    }
  }

  private static ChromeOptions options(int width, int height, Path downloads) throws IOException {
    Path profile = Files.createTempDirectory("openlines-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(find(CHROMIUM).orElseThrow());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
    options.setExperimentalOption("prefs", java.util.Map.of(
        "download.default_directory", downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
    return options;
  }

  static void screenshot(WebDriver browser, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static void quit(WebDriver... browsers) {
    for (WebDriver browser : browsers) {
      if (browser != null) {
        try {
          browser.quit();
        } catch (org.openqa.selenium.WebDriverException slow) {
          // A driver that is slow to stop must not keep the other browsers open or hide the test's own failure.
        }
      }
    }
  }

  private static Optional<String> find(List<String> candidates) {
    return candidates.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst();
  }
}
