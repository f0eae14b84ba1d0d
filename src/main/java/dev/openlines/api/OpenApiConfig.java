package dev.openlines.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). Each operation
 * guarded by {@code @RolesAllowed} gets the bearer requirement, its roles in the description and in
 * {@code x-required-roles}, and the 401/403 problem answers, so the roles are written down only once.
 */
@Configuration
public class OpenApiConfig {

  public static final String BEARER = "bearer";
  public static final String ROLES_EXTENSION = "x-required-roles";
  static final String PROBLEM_SCHEMA = "Problem";

  @Bean
  OpenAPI openLinesApi(ObjectProvider<BuildProperties> build) {
    BuildProperties buildInfo = build.getIfAvailable();
    return new OpenAPI()
        .info(
            new Info()
                .title("OpenLines API")
                // From META-INF/build-info.properties, written by the build; "development" when run from an IDE without it.
                .version(buildInfo == null ? "development" : buildInfo.getVersion())
                .description(
                    "Operator task list, supervisor and admin APIs. Send an API key as"
                        + " `Authorization: Bearer <key>`; each operation names the roles it accepts."
                        + " Errors are RFC 9457 problem details.")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSchemas(PROBLEM_SCHEMA, problemSchema())
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("OpenLines API key")
                        .description("An API key created with POST /api/admin/api-keys")));
  }

  @Bean
  OperationCustomizer requiredRolesInOpenApi() {
    return (operation, handler) -> {
      RolesAllowed roles = rolesOf(handler);
      if (roles == null) {
        return operation;
      }
      String names = String.join(", ", roles.value());
      String description = operation.getDescription() == null ? "" : operation.getDescription() + "\n\n";
      operation.setDescription(description + "**Roles:** " + names);
      operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
      operation.addExtension(ROLES_EXTENSION, List.of(roles.value()));
      operation.getResponses().addApiResponse("401", problem("No API key, or an unknown or revoked one"));
      operation.getResponses().addApiResponse("403", problem("The API key has none of the roles: " + names));
      return operation;
    };
  }

  static RolesAllowed rolesOf(HandlerMethod handler) {
    RolesAllowed onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RolesAllowed.class);
    return onMethod != null
        ? onMethod
        : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RolesAllowed.class);
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
  }

  /** RFC 9457, plus the {@code errors} list of 400 answers. */
  @SuppressWarnings("rawtypes")
  private static Schema problemSchema() {
    Schema<?> fieldProblem =
        new ObjectSchema()
            .addProperty("field", new StringSchema().example("roles"))
            .addProperty("message", new StringSchema().example("must not be empty"));
    return new ObjectSchema()
        .description("RFC 9457 problem details")
        .addProperty("type", new StringSchema().example("/problems/invalid-request").description("Kind of failure; open it for an explanation"))
        .addProperty("title", new StringSchema().example("Bad Request"))
        .addProperty("status", new IntegerSchema().example(400))
        .addProperty("detail", new StringSchema().example("Fix this field: roles must not be empty."))
        .addProperty("instance", new StringSchema().example("/api/admin/api-keys"))
        .addProperty("errors", new ArraySchema().items(fieldProblem).description("Only on 400: each invalid field"));
  }
}
