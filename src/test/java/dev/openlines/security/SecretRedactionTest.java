package dev.openlines.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

class SecretRedactionTest {

  @Test
  void namedSecretsAndSecretShapedPartsBecomeMasksInTextAndInEveryCause() {
    String token = "123456:AAE-secret_part";
    ResourceAccessException failure = new ResourceAccessException(
        "I/O error on POST request for \"http://127.0.0.1:1/bot123456%3AAAE-secret_part/sendMessage\": refused",
        new ConnectException("connect to https://bot:" + "hunter2-password" + "@bot.example.com/hook?token=abc&x=1 failed"));

    Throwable redacted = SecretRedaction.redact(failure, token);
    StringWriter printed = new StringWriter();
    redacted.printStackTrace(new PrintWriter(printed));

    assertThat(printed.toString())
        .doesNotContain("secret_part").doesNotContain("hunter2").doesNotContain("token=abc")
        .contains("org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"http://127.0.0.1:1/bot***/sendMessage\"")
        .contains("java.net.ConnectException: connect to https://***@bot.example.com/hook?token=***&x=1 failed")
        .contains("at dev.openlines.security.SecretRedactionTest");
    assertThat(SecretRedaction.redact("bot answered: " + token, token)).isEqualTo("bot answered: ***");
    assertThat(SecretRedaction.redact("nothing secret here")).isEqualTo("nothing secret here");
  }
}
