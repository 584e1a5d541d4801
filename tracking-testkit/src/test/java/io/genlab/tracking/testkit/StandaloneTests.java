package io.genlab.tracking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code FakeMlflowServer.main}: the standalone server the load benchmark starts. */
class StandaloneTests {
  @Test
  void printsItsUriThenTheSummaryWhenTerminated() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                FakeMlflowServer.class.getName(),
                "0")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String uri = out.readLine();
      assertThat(uri).matches("http://127\\.0\\.0\\.1:\\d+");

      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(uri + "/api/2.0/mlflow/experiments/get?experiment_id=0"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }

      // SIGTERM through the handle: Process.destroy() would also close the output we still read.
      process.toHandle().destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String summary = out.lines().collect(Collectors.joining("\n"));
      assertThat(summary)
          .contains("3 requests")
          .contains("requests/s")
          .contains("GET experiments/get");
    } finally {
      process.destroyForcibly();
    }
  }
}
