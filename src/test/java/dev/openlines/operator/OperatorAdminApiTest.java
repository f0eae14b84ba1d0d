package dev.openlines.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openlines.channel.ChannelService;
import dev.openlines.channel.DistributionMode;
import dev.openlines.channel.LimitExclusion;
import dev.openlines.channel.OpenChannel;
import dev.openlines.channel.QueueEntry;
import dev.openlines.channel.QueueSettings;
import dev.openlines.security.ApiKeyService;
import dev.openlines.testing.ApiTokens;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorAdminApiTest {

  @Autowired TestRestTemplate http;
  @Autowired ApiKeyService apiKeys;
  @Autowired OperatorService operators;
  @Autowired DepartmentRepository departments;
  @Autowired ChannelService channels;

  String prefix = UUID.randomUUID().toString().substring(0, 8);

  ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
    HttpEntity<?> entity = token == null ? ApiTokens.anonymous(body) : ApiTokens.request(token, body);
    return http.exchange(path, method, entity, JsonNode.class);
  }

  @Test
  void anAdminManagesDepartmentsAndOperators() {
    String sales = prefix + "-sales";
    ResponseEntity<JsonNode> department = call(HttpMethod.POST, "/api/admin/departments", ApiTokens.ADMIN, Map.of("id", sales, "name", "Sales"));
    assertThat(department.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(department.getHeaders().getLocation()).hasToString("/api/admin/departments/" + sales);
    ResponseEntity<JsonNode> departmentTaken =
        call(HttpMethod.POST, "/api/admin/departments", ApiTokens.ADMIN, Map.of("id", sales, "name", "Again"));
    assertThat(departmentTaken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(departmentTaken.getBody().get("detail").asText()).isEqualTo("A department with id '" + sales + "' already exists");

    String anna = prefix + "-anna";
    ResponseEntity<JsonNode> created =
        call(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", anna, "name", "Anna", "departmentIds", List.of(sales)));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getHeaders().getLocation()).hasToString("/api/admin/operators/" + anna);
    assertThat(created.getBody().get("presence").asText()).isEqualTo("OFFLINE");
    ResponseEntity<JsonNode> operatorTaken = call(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", anna, "name", "Again"));
    assertThat(operatorTaken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(operatorTaken.getBody().get("detail").asText()).isEqualTo("An operator with id '" + anna + "' already exists");
    assertThat(operators.get(anna).getDepartmentIds()).containsExactly(sales);

    ResponseEntity<JsonNode> renamed =
        call(HttpMethod.PUT, "/api/admin/operators/" + anna, ApiTokens.ADMIN, Map.of("name", "Anna B.", "departmentIds", List.of()));
    assertThat(renamed.getBody().get("name").asText()).isEqualTo("Anna B.");
    assertThat(operators.get(anna).getDepartmentIds()).isEmpty();

    assertThat(call(HttpMethod.DELETE, "/api/admin/operators/" + anna, ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(operators.get(anna).isDismissed()).isTrue();
    assertThat(call(HttpMethod.DELETE, "/api/admin/departments/" + sales, ApiTokens.ADMIN, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(departments.findById(sales)).isEmpty();
  }

  @Test
  void aDepartmentWithMembersIsNotDeleted() {
    String support = prefix + "-support";
    call(HttpMethod.POST, "/api/admin/departments", ApiTokens.ADMIN, Map.of("id", support, "name", "Support"));
    call(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", prefix + "-ben", "name", "Ben", "departmentIds", List.of(support)));

    ResponseEntity<JsonNode> refused = call(HttpMethod.DELETE, "/api/admin/departments/" + support, ApiTokens.ADMIN, null);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().get("detail").asText())
        .isEqualTo("Department '" + support + "' still has 1 operator: move the operator to another department first");
    assertThat(departments.findById(support)).isPresent();
    ResponseEntity<JsonNode> unknown = call(HttpMethod.GET, "/api/admin/departments/no-such-" + prefix, ApiTokens.ADMIN, null);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().get("detail").asText()).isEqualTo("Department 'no-such-" + prefix + "' does not exist.");
  }

  @Test
  void aDepartmentRefusalNamesOnlyTheRealReasons() {
    String billing = prefix + "-billing";
    call(HttpMethod.POST, "/api/admin/departments", ApiTokens.ADMIN, Map.of("id", billing, "name", "Billing"));
    call(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", prefix + "-fay", "name", "Fay", "departmentIds", List.of(billing)));
    call(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", prefix + "-gus", "name", "Gus", "departmentIds", List.of(billing)));

    ResponseEntity<JsonNode> twoMembers = call(HttpMethod.DELETE, "/api/admin/departments/" + billing, ApiTokens.ADMIN, null);
    assertThat(twoMembers.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(twoMembers.getBody().get("detail").asText())
        .isEqualTo("Department '" + billing + "' still has 2 operators: move the operators to another department first");

    String channelId = prefix + "-line";
    channels.save(new OpenChannel(channelId, "Line", ZoneId.of("UTC"), new QueueSettings(
        List.of(QueueEntry.department(billing)), DistributionMode.STRICT, Duration.ofMinutes(3), 2, LimitExclusion.CLOSED, true)));
    ResponseEntity<JsonNode> membersAndQueue = call(HttpMethod.DELETE, "/api/admin/departments/" + billing, ApiTokens.ADMIN, null);
    assertThat(membersAndQueue.getBody().get("detail").asText())
        .isEqualTo("Department '" + billing + "' still has 2 operators and is in the queue of channel " + channelId
            + ": move the operators to another department and remove it from that queue first");

    for (String member : List.of(prefix + "-fay", prefix + "-gus")) {
      call(HttpMethod.PUT, "/api/admin/operators/" + member, ApiTokens.ADMIN, Map.of("name", "Moved", "departmentIds", List.of()));
    }
    ResponseEntity<JsonNode> queueOnly = call(HttpMethod.DELETE, "/api/admin/departments/" + billing, ApiTokens.ADMIN, null);
    assertThat(queueOnly.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(queueOnly.getBody().get("detail").asText())
        .isEqualTo("Department '" + billing + "' is in the queue of channel " + channelId + ": remove it from that queue first");
    assertThat(departments.findById(billing)).isPresent();
  }

  @Test
  void badInputIsExplainedAndNothingIsStored() {
    ResponseEntity<JsonNode> unknownDepartment =
        call(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN,
            Map.of("id", prefix + "-cleo", "name", "Cleo", "departmentIds", List.of("no-such-" + prefix)));
    assertThat(unknownDepartment.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknownDepartment.getBody().get("detail").asText()).contains("no department with id");
    ResponseEntity<JsonNode> noName = call(HttpMethod.POST, "/api/admin/operators", ApiTokens.ADMIN, Map.of("id", prefix + "-dan"));
    assertThat(noName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noName.getBody().get("errors").findValuesAsText("field")).contains("name");
    ResponseEntity<JsonNode> notStored = call(HttpMethod.GET, "/api/admin/operators/" + prefix + "-cleo", ApiTokens.ADMIN, null);
    assertThat(notStored.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(notStored.getBody().get("detail").asText()).isEqualTo("No operator with id '" + prefix + "-cleo'");
    assertThat(call(HttpMethod.GET, "/api/admin/operators/" + prefix + "-dan", ApiTokens.ADMIN, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void onlyAdminsChangeOperators() {
    ApiTokens tokens = new ApiTokens(apiKeys);
    Map<String, Object> eve = Map.of("id", prefix + "-eve", "name", "Eve");
    assertThat(call(HttpMethod.POST, "/api/admin/operators", null, eve).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(HttpMethod.POST, "/api/admin/operators", tokens.supervisor(), eve).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.POST, "/api/admin/departments", tokens.operator("op"), Map.of("id", "d", "name", "D")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.GET, "/api/admin/operators", tokens.supervisor(), null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(call(HttpMethod.GET, "/api/admin/operators/" + prefix + "-eve", ApiTokens.ADMIN, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }
}
