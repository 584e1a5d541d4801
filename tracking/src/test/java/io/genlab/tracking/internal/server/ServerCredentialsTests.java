package io.genlab.tracking.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCredentialsTests {

  @Test
  void aTokenWinsOverBasicAuthenticationAsInMlflow() {
    var c = ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "t0k", "MLFLOW_TRACKING_USERNAME", "alice",
        "MLFLOW_TRACKING_PASSWORD", "pw"));
    assertThat(c.authorization()).contains("Bearer t0k");
  }

  @Test
  void basicAuthenticationEncodesUserAndPassword() {
    var c = ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "pä:ss"));
    String expected = Base64.getEncoder().encodeToString("alice:pä:ss".getBytes(StandardCharsets.UTF_8));
    assertThat(c.authorization()).contains("Basic " + expected);
  }

  @Test
  void blankVariablesCountAsUnset() {
    var c = ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", " ", "MLFLOW_TRACKING_INSECURE_TLS", ""));
    assertThat(c.authorization()).isEmpty();
    assertThat(c.insecureTls()).isFalse();
  }

  @Test
  void aUserWithoutPasswordIsRefusedNamingTheMissingVariable() {
    assertThatThrownBy(() -> ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_USERNAME", "alice")))
        .hasMessageContaining("found only MLFLOW_TRACKING_USERNAME");
  }

  @Test
  void insecureTlsAcceptsTrueAndFalseOnly() {
    assertThat(ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_INSECURE_TLS", "TRUE")).insecureTls()).isTrue();
    assertThatThrownBy(() -> ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_INSECURE_TLS", "yes")))
        .hasMessageContaining("MLFLOW_TRACKING_INSECURE_TLS must be true or false, found 'yes'");
  }

  @Test
  void secretsNeverAppearInItsText() {
    var c = ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD",
        "hunter2"));
    var t = ServerCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "s3cr3t-token"));
    assertThat(c.toString() + c.describe()).contains("alice").doesNotContain("hunter2");
    assertThat(t.toString() + t.describe()).doesNotContain("s3cr3t-token");
  }
}
