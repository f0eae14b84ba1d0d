package dev.openlines.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openlines.api.ForbiddenException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyPrincipalTest {

  @Test
  void operatorActionsNeedAnOperatorKey() {
    var operator = new ApiKeyPrincipal("anna", "Anna", Set.of(Role.OPERATOR), "op-anna", "k1");
    var supervisor = new ApiKeyPrincipal("sam", "Sam", Set.of(Role.SUPERVISOR), "op-sam", "k2");

    assertThat(operator.requireOperatorId()).isEqualTo("op-anna");
    assertThatThrownBy(supervisor::requireOperatorId).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void tokensCarryTheirPublicIdAndForeignTokensGetADerivedOne() {
    String token = ApiKeyToken.generate();
    assertThat(ApiKeyToken.keyIdOf(token)).isEqualTo(token.substring(4, 16));
    assertThat(ApiKeyToken.generate()).isNotEqualTo(token);

    String foreign = "a-deployment-chosen-secret-of-some-length";
    assertThat(ApiKeyToken.keyIdOf(foreign)).hasSize(12).isEqualTo(ApiKeyToken.keyIdOf(foreign)).doesNotContain("deploy");
    assertThat(ApiKeyToken.matches(foreign, ApiKeyToken.hash(foreign))).isTrue();
    assertThat(ApiKeyToken.matches(foreign + "x", ApiKeyToken.hash(foreign))).isFalse();
  }
}
