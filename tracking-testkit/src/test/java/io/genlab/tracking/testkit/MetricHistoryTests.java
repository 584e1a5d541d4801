package io.genlab.tracking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code metrics/get-history}: every point in order, duplicates kept; paged only when asked. */
class MetricHistoryTests {
  private static String logFive(Rest rest, String runId) {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      metrics.append(i == 0 ? "" : ", ");
      // Step 2 twice with the same point: a client's duplicate must show.
      int step = i == 4 ? 2 : i;
      metrics
          .append("{\"key\": \"loss\", \"value\": ")
          .append(step)
          .append(", \"timestamp\": ")
          .append(100 + step)
          .append(", \"step\": ")
          .append(step)
          .append("}");
    }
    rest.post("runs/log-batch", "{\"run_id\": \"" + runId + "\", \"metrics\": [" + metrics + "]}");
    return runId;
  }

  private static List<Long> steps(JsonObject reply) {
    List<Long> steps = new ArrayList<>();
    for (JsonElement metric : reply.getAsJsonArray("metrics")) {
      steps.add(metric.getAsJsonObject().get("step").getAsLong());
    }
    return steps;
  }

  @Test
  void mlflow217AnswersTheWholeHistoryAndIgnoresMaxResults() {
    try (FakeMlflowServer server = new FakeMlflowServer().start()) {
      Rest rest = new Rest(server);
      String runId = logFive(rest, rest.run(rest.experiment("history")));
      JsonObject reply =
          rest.get("metrics/get-history?run_id=" + runId + "&metric_key=loss&max_results=2").json();
      assertThat(steps(reply)).containsExactly(0L, 1L, 2L, 3L, 2L);
      assertThat(reply.has("next_page_token")).isFalse();
      assertThat(rest.get("metrics/get-history?run_id=" + runId + "&metric_key=other").text())
          .isEqualTo("{}");
      assertThat(rest.get("metrics/get-history?run_id=" + runId).status()).isEqualTo(400);
    }
  }

  @Test
  void aPagingServerAnswersPagesWithTokens() {
    try (FakeMlflowServer server =
        new FakeMlflowServer(FakeServerOptions.defaults().withMetricHistoryPageSize(2)).start()) {
      Rest rest = new Rest(server);
      String runId = logFive(rest, rest.run(rest.experiment("paged")));
      List<Long> all = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        String query = "metrics/get-history?run_id=" + runId + "&metric_key=loss&max_results=25000";
        JsonObject reply = rest.get(token == null ? query : query + "&page_token=" + token).json();
        all.addAll(steps(reply));
        token = reply.has("next_page_token") ? reply.get("next_page_token").getAsString() : null;
        pages++;
      } while (token != null);
      assertThat(pages).isEqualTo(3);
      assertThat(all).containsExactly(0L, 1L, 2L, 3L, 2L);
    }
  }
}
