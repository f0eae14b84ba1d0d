package dev.openlines.api;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Serves the page behind each problem type URI (docs/problems/*.md, packaged into the jar). */
@Hidden
@RestController
class ProblemTypeController {

  @GetMapping(value = ProblemTypes.PATH + "{slug}", produces = "text/markdown;charset=UTF-8")
  ResponseEntity<String> describe(@PathVariable String slug) throws IOException {
    if (!ProblemTypes.SLUGS.containsValue(slug)) {
      throw new NotFoundException("There is no problem type '" + slug + "'; the known ones are listed under /problems/ in the README.");
    }
    try (InputStream page = new ClassPathResource("problems/" + slug + ".md").getInputStream()) {
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType("text/markdown;charset=UTF-8"))
          .body(new String(page.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
