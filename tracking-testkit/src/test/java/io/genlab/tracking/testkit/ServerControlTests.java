package io.genlab.tracking.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The test controls: stop and restart, injected failures and delays, credentials, the request log.
 */
class ServerControlTests {
  private FakeMlflowServer server;
  private Rest rest;

  @BeforeEach
  void start() {
    server = new FakeMlflowServer().start();
    rest = new Rest(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String logParamJson(String runId, String key, String value) {
    return "{\"run_id\": \""
        + runId
        + "\", \"key\": \""
        + key
        + "\", \"value\": \""
        + value
        + "\"}";
  }

  @Test
  void aStoppedServerRefusesConnectionsAndRestartsOnTheSamePortWithItsData() {
    String experimentId = rest.experiment("survives");
    String runId = rest.run(experimentId);
    int port = server.port();

    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> rest.get("runs/get?run_id=" + runId))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(java.net.ConnectException.class);

    server.restart();
    assertThat(server.port()).isEqualTo(port);
    assertThat(rest.post("runs/log-parameter", logParamJson(runId, "after", "restart")).status())
        .isEqualTo(200);
    MlflowClient client = new MlflowClient(server.uri());
    assertThat(client.getRun(runId).getData().getParamsList()).hasSize(1);
    assertThat(client.getExperimentByName("survives")).isPresent();
    client.close();
    server.restart();
    assertThat(server.run(runId).orElseThrow().params()).containsEntry("after", "restart");
  }

  @Test
  void failNextAnswersErrorsThenServesAgain() {
    server.failNext(2, 503);
    Rest.Reply first = rest.post("experiments/create", "{\"name\": \"x\"}");
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.errorCode()).isEqualTo("TEMPORARILY_UNAVAILABLE");
    assertThat(rest.post("experiments/create", "{\"name\": \"x\"}").status()).isEqualTo(503);
    assertThat(server.experimentByName("x")).isEmpty();
    assertThat(rest.post("experiments/create", "{\"name\": \"x\"}").status()).isEqualTo(200);
    assertThat(server.requests())
        .extracting(RecordedRequest::status)
        .containsExactly(503, 503, 200);
  }

  @Test
  void rateLimitsCarryRetryAfter() {
    server.failNext(1, 429, Duration.ofMillis(1500));
    Rest.Reply limited = rest.get("experiments/get?experiment_id=0");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(limited.response().headers().firstValue("Retry-After")).hasValue("2");
  }

  @Test
  void failMatchingHitsOnlyThatPath() {
    String runId = rest.run(rest.experiment("matching"));
    server.failMatching("runs/log-batch$", 1, 500);
    assertThat(rest.post("runs/log-parameter", logParamJson(runId, "a", "1")).status())
        .isEqualTo(200);
    String batch =
        "{\"run_id\": \"" + runId + "\", \"params\": [{\"key\": \"b\", \"value\": \"2\"}]}";
    assertThat(rest.post("runs/log-batch", batch).status()).isEqualTo(500);
    assertThat(rest.post("runs/log-batch", batch).status()).isEqualTo(200);
  }

  @Test
  void aFailureAfterHandlingKeepsTheChange() {
    String runId = rest.run(rest.experiment("lost-answer"));
    server.failNextAfterHandling(1, 503);
    String batch =
        "{\"run_id\": \""
            + runId
            + "\", \"metrics\": [{\"key\": \"loss\", \"value\": 1, \"timestamp\": 1, \"step\":"
            + " 0}]}";
    assertThat(rest.post("runs/log-batch", batch).status()).isEqualTo(503);
    // A naive retry logs the point a second time; the fake keeps both so a test sees it.
    assertThat(rest.post("runs/log-batch", batch).status()).isEqualTo(200);
    assertThat(server.run(runId).orElseThrow().metricHistory("loss")).hasSize(2);
  }

  @Test
  void droppedConnectionsGetNoAnswer() {
    server.dropNext(1);
    // A POST, which the JDK's client does not silently retry.
    assertThatThrownBy(() -> rest.post("experiments/create", "{\"name\": \"dropped\"}"))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(server.experimentByName("dropped")).isEmpty();
    assertThat(rest.post("experiments/create", "{\"name\": \"dropped\"}").status()).isEqualTo(200);
    assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(0, 200);
  }

  @Test
  void delayNextMakesAClientTimeOut() {
    server.delayNext(Duration.ofMillis(1500));
    HttpRequest.Builder slow =
        HttpRequest.newBuilder(URI.create(server.uri() + "/health"))
            .timeout(Duration.ofMillis(200));
    assertThatThrownBy(() -> rest.send(slow))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(rest.send("GET", "/health", null, null).status()).isEqualTo(200);
  }

  @Test
  void basicAuthIsDemandedAndChecked() {
    server.requireBasicAuth("ada", "s3cret");
    Rest.Reply anonymous = rest.get("experiments/get?experiment_id=0");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.response().headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"mlflow\"");
    String wrong =
        "Basic " + Base64.getEncoder().encodeToString("ada:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(
            rest.send(
                    request("/api/2.0/mlflow/experiments/get?experiment_id=0")
                        .header("Authorization", wrong))
                .status())
        .isEqualTo(403);

    MlflowClient client = new MlflowClient(new BasicMlflowHostCreds(server.uri(), "ada", "s3cret"));
    assertThat(client.getExperiment("0").getName()).isEqualTo("Default");
    client.close();
    assertThat(server.requests().get(server.requests().size() - 1).header("authorization"))
        .hasValue(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("ada:s3cret".getBytes(StandardCharsets.UTF_8)));
    // Artifacts too.
    assertThat(
            rest.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/x", new byte[] {1}, null)
                .status())
        .isEqualTo(401);
  }

  @Test
  void bearerTokensAreDemandedAndChecked() {
    server.requireBearerToken("tok-123");
    assertThat(rest.get("experiments/get?experiment_id=0").status()).isEqualTo(401);
    MlflowClient wrong = new MlflowClient(new BasicMlflowHostCreds(server.uri(), "other"));
    assertThatThrownBy(() -> wrong.getExperiment("0")).hasMessageContaining("403");
    wrong.close();
    MlflowClient right = new MlflowClient(new BasicMlflowHostCreds(server.uri(), "tok-123"));
    assertThat(right.getExperiment("0").getName()).isEqualTo("Default");
    right.close();
    server.allowAnonymous();
    assertThat(rest.get("experiments/get?experiment_id=0").status()).isEqualTo(200);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.uri() + path));
  }

  @Test
  void theLogAndCountersRecordEachRequest() {
    String runId = rest.run(rest.experiment("counted"));
    server.clearRequests();
    String body = logParamJson(runId, "k", "v");
    rest.post("runs/log-parameter", body);
    rest.get("runs/get?run_id=" + runId);
    rest.get("runs/nowhere");

    List<RecordedRequest> log = server.requests();
    assertThat(log)
        .extracting(RecordedRequest::method, RecordedRequest::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", 200),
            org.assertj.core.groups.Tuple.tuple("GET", 200),
            org.assertj.core.groups.Tuple.tuple("GET", 404));
    assertThat(log.get(0).bodyText()).isEqualTo(body);
    assertThat(log.get(0).header("Content-Type")).hasValue("application/json");
    assertThat(log.get(1).query()).isEqualTo("run_id=" + runId);
    assertThat(server.requests("runs/get")).hasSize(1);

    ServerStats stats = server.stats();
    assertThat(stats.total().requests()).isEqualTo(5);
    assertThat(stats.byEndpoint().get("POST runs/log-parameter"))
        .isEqualTo(new ServerStats.Counts(1, 0, body.length(), 2));
    assertThat(stats.byEndpoint().get("GET runs/nowhere").errors()).isEqualTo(1);
    assertThat(server.summary())
        .contains("5 requests")
        .contains("requests/s")
        .contains("POST runs/log-parameter");
  }

  @Test
  void concurrentClientsLoseNothing() throws Exception {
    String runId = rest.run(rest.experiment("concurrent"));
    server.clearRequests();
    server.setRequestLogging(false);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                int ok = 0;
                for (int i = 0; i < 25; i++) {
                  String batch =
                      "{\"run_id\": \""
                          + runId
                          + "\", \"metrics\": [{\"key\": \"m"
                          + thread
                          + "\", \"value\": "
                          + i
                          + ", \"timestamp\": 1, \"step\": "
                          + i
                          + "}]}";
                  ok += rest.post("runs/log-batch", batch).status() == 200 ? 1 : 0;
                }
                return ok;
              }));
    }
    int ok = 0;
    for (Future<Integer> result : results) {
      ok += result.get();
    }
    pool.shutdown();
    assertThat(ok).isEqualTo(200);
    RunSnapshot run = server.run(runId).orElseThrow();
    for (int t = 0; t < 8; t++) {
      assertThat(run.metricHistory("m" + t)).hasSize(25);
      assertThat(run.latestMetrics().get("m" + t).step()).isEqualTo(24);
    }
    assertThat(server.requests()).isEmpty();
    assertThat(server.stats().byEndpoint().get("POST runs/log-batch").requests()).isEqualTo(200);
  }

  @Test
  void startingTwiceOrAskingThePortTooEarlyIsAnError() {
    assertThatThrownBy(() -> server.start()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new FakeMlflowServer().port())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.failNext(1, 200)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inspectionShowsExperimentsAndRunsAsStored() {
    String experimentId = rest.experiment("inspected");
    rest.post(
        "experiments/set-experiment-tag",
        "{\"experiment_id\": \"" + experimentId + "\", \"key\": \"team\", \"value\": \"vision\"}");
    MlflowClient client = new MlflowClient(server.uri());
    String runId =
        client
            .createRun(
                CreateRun.newBuilder()
                    .setExperimentId(experimentId)
                    .setRunName("seen")
                    .setStartTime(5)
                    .build())
            .getRunId();
    client.setTerminated(runId, org.mlflow.api.proto.Service.RunStatus.KILLED, 9);
    client.close();

    ExperimentSnapshot experiment = server.experimentByName("inspected").orElseThrow();
    assertThat(experiment.tags()).containsEntry("team", "vision");
    assertThat(experiment.artifactLocation()).isEqualTo("mlflow-artifacts:/" + experimentId);
    assertThat(server.experiments())
        .extracting(ExperimentSnapshot::name)
        .contains("Default", "inspected");
    RunSnapshot run = server.runsOf("inspected").get(0);
    assertThat(run.runName()).isEqualTo("seen");
    assertThat(run.status()).isEqualTo("KILLED");
    assertThat(run.endTime()).isEqualTo(9L);
    assertThat(run.startTime()).isEqualTo(5L);
    assertThat(run.tags()).containsEntry("mlflow.runName", "seen");
    assertThat(server.runsOf("no such experiment")).isEmpty();
    assertThat(server.run("0123")).isEmpty();
  }
}
