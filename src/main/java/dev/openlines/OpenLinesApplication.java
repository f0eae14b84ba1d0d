package dev.openlines;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OpenLinesApplication {

  public static void main(String[] args) {
    try {
      SpringApplication.run(OpenLinesApplication.class, args);
    } catch (RuntimeException startUpFailed) {
      // Spring Boot has already logged why. Exit explicitly: the embedded engine's library keeps a
      // non-daemon timer thread (EngineStateMonitor) that would keep a failed service alive forever.
      System.exit(1);
    }
  }
}
