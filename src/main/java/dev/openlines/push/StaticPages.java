package dev.openlines.push;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The console and the demo page are folders of static files: their addresses end in "/" and show index.html. */
@Configuration
class StaticPages implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
    registry.addViewController("/console").setViewName("redirect:/console/");
    registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
    registry.addViewController("/demo").setViewName("redirect:/demo/");
  }
}
