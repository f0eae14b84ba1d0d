package dev.openlines.tasklist;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link ConversationAccessGate} in front of every {@code /api/conversations/{id}/...} operation. */
@Configuration
class ConversationAccessConfig implements WebMvcConfigurer {

  private final ConversationAccess access;

  ConversationAccessConfig(ConversationAccess access) {
    this.access = access;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new ConversationAccessGate(access)).addPathPatterns(ConversationAccessGate.PATH);
  }
}
