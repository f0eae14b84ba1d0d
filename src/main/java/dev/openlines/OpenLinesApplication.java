package dev.openlines;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OpenLinesApplication {

  public static void main(String[] args) {
    SpringApplication.run(OpenLinesApplication.class, args);
  }
}
