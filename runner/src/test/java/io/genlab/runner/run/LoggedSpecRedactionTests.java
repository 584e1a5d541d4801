package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resolved spec is logged (params, spec/resolved.yaml) without the credentials of its URIs. */
class LoggedSpecRedactionTests {
  @Test
  void everyTextOfTheResolvedSpecIsRedactedBeforeItBecomesParams() {
    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("name", "tiny");
    resolved.put("seed", 5L);
    resolved.put("data", Map.of("name", "shapes", "directory", "/d?sig=s3cr3t"));
    resolved.put("metrics", List.of(Map.of("name", "test-elbo", "config", Map.of())));
    resolved.put("samplers", List.of(Map.of("name", "prior", "config", Map.of("note", "https://u:pw1@h/"))));
    resolved.put("tracking", Map.of("uri", "http://alice:hunter2@mlflow.example:5000/?token=tok"));
    Map<String, Object> logged = RunRecord.redacted(resolved);
    Map<String, String> params = RunRecord.params(logged);
    assertThat(params).containsEntry("tracking.uri", "http://***@mlflow.example:5000/?token=***")
        .containsEntry("data.directory", "/d?sig=***").containsEntry("seed", "5");
    assertThat(params.toString()).doesNotContain("hunter2", "tok&", "s3cr3t", "pw1");
    assertThat(resolved.get("tracking")).isEqualTo(Map.of("uri", "http://alice:hunter2@mlflow.example:5000/?token=tok"));
  }
}
