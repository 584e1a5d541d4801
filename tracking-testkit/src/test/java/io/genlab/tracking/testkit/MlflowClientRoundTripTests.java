package io.genlab.tracking.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;

/** Every call genlab's server tracker makes, through the real MLflow Java client (2.17.2). */
class MlflowClientRoundTripTests {
  private static FakeMlflowServer server;
  private static MlflowClient client;

  @BeforeAll
  static void start() {
    server = new FakeMlflowServer().start();
    client = new MlflowClient(server.uri());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static Metric metric(String key, double value, long timestamp, long step) {
    return Metric.newBuilder()
        .setKey(key)
        .setValue(value)
        .setTimestamp(timestamp)
        .setStep(step)
        .build();
  }

  private static String newRun(String experimentId, String name) {
    return client
        .createRun(
            CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName(name)
                .setStartTime(System.currentTimeMillis())
                .build())
        .getRunId();
  }

  @Test
  void aWholeRunRoundTrips() {
    String experimentId = client.createExperiment("round-trip");
    assertThat(client.getExperimentByName("round-trip"))
        .get()
        .extracting(Experiment::getExperimentId, Experiment::getLifecycleStage)
        .containsExactly(experimentId, "active");
    assertThat(client.getExperimentByName("no such experiment")).isEmpty();

    RunInfo info =
        client.createRun(
            CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName("first")
                .setUserId("ada")
                .setStartTime(1_700_000_000_000L)
                .addTags(RunTag.newBuilder().setKey("mlflow.source.type").setValue("LOCAL"))
                .build());
    String runId = info.getRunId();
    assertThat(runId).matches("[0-9a-f]{32}");
    assertThat(info.getRunUuid()).isEqualTo(runId);
    assertThat(info.getRunName()).isEqualTo("first");
    assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
    assertThat(info.getArtifactUri())
        .isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");

    client.logBatch(
        runId,
        List.of(
            metric("loss", 1.0, 10, 0),
            metric("loss", 0.5, 20, 1),
            metric("odd", Double.NaN, 30, 0),
            metric("big", Double.POSITIVE_INFINITY, 30, 0)),
        List.of(Param.newBuilder().setKey("lr").setValue("0.1").build()),
        List.of(RunTag.newBuilder().setKey("mlflow.parentRunId").setValue("p").build()));
    client.setTag(runId, "mlflow.note.content", "notes");
    client.logParam(runId, "seed", "7");
    client.logMetric(runId, "acc", 0.9, 40, 2);
    client.setTerminated(runId, RunStatus.FINISHED, 1_700_000_005_000L);

    Run run = client.getRun(runId);
    assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.getInfo().getEndTime()).isEqualTo(1_700_000_005_000L);
    assertThat(run.getInfo().getStartTime()).isEqualTo(1_700_000_000_000L);
    assertThat(run.getInfo().getUserId()).isEqualTo("ada");
    Map<String, Metric> latest =
        run.getData().getMetricsList().stream().collect(Collectors.toMap(Metric::getKey, m -> m));
    assertThat(latest.get("loss").getValue()).isEqualTo(0.5);
    assertThat(latest.get("loss").getStep()).isEqualTo(1);
    assertThat(latest.get("odd").getValue()).isNaN();
    assertThat(latest.get("big").getValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(latest.get("acc").getTimestamp()).isEqualTo(40);
    assertThat(run.getData().getParamsList())
        .extracting(Param::getKey, Param::getValue)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("lr", "0.1"),
            org.assertj.core.groups.Tuple.tuple("seed", "7"));
    assertThat(
            run.getData().getTagsList().stream()
                .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue)))
        .containsEntry("mlflow.runName", "first")
        .containsEntry("mlflow.source.type", "LOCAL")
        .containsEntry("mlflow.parentRunId", "p")
        .containsEntry("mlflow.note.content", "notes");

    assertThat(client.getMetricHistory(runId, "loss"))
        .extracting(Metric::getValue, Metric::getStep)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1.0, 0L),
            org.assertj.core.groups.Tuple.tuple(0.5, 1L));
    assertThat(client.getMetricHistory(runId, "never logged")).isEmpty();
    assertThat(server.run(runId).orElseThrow().metricHistory("loss")).hasSize(2);
  }

  @Test
  void searchRunsPagesThroughRunsPages() {
    String experimentId = client.createExperiment("paged-search");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String runId = newRun(experimentId, "trial-" + i);
      client.setTag(runId, "mlflow.parentRunId", "sweep-1");
      expected.add(runId);
    }
    newRun(experimentId, "outsider");

    List<String> found = new ArrayList<>();
    Page<Run> page =
        client.searchRuns(
            List.of(experimentId),
            "tags.`mlflow.parentRunId` = 'sweep-1' and attributes.status = 'RUNNING'",
            ViewType.ACTIVE_ONLY,
            2);
    int pages = 1;
    page.getItems().forEach(r -> found.add(r.getInfo().getRunId()));
    while (page.hasNextPage()) {
      page = page.getNextPage();
      pages++;
      page.getItems().forEach(r -> found.add(r.getInfo().getRunId()));
    }
    assertThat(pages).isEqualTo(3);
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void searchExperimentsFindsByName() {
    client.createExperiment("searched-one");
    client.createExperiment("searched-two");
    ExperimentsPage page = client.searchExperiments("name = 'searched-two'");
    assertThat(page.getItems()).extracting(Experiment::getName).containsExactly("searched-two");
  }

  @Test
  void datasetInputsGoThroughSendPost() {
    String experimentId = client.createExperiment("inputs");
    String runId = newRun(experimentId, "with-data");
    String json =
        "{\"run_id\": \""
            + runId
            + "\", \"datasets\": [{\"tags\": [{\"key\": \"mlflow.data.context\", \"value\":"
            + " \"train\"}], \"dataset\": {\"name\": \"mnist-train\", \"digest\":"
            + " \"0123456789abcdef\", \"source_type\": \"local\", \"source\": \"{\\\"uri\\\":"
            + " \\\"/data/mnist\\\"}\", \"schema\": \"{}\", \"profile\": \"{\\\"rows\\\":"
            + " 60000}\"}}]}";
    client.sendPost("runs/log-inputs", json);
    client.sendPost("runs/log-inputs", json);

    Run run = client.getRun(runId);
    assertThat(run.getInputs().getDatasetInputsList()).hasSize(1);
    var input = run.getInputs().getDatasetInputs(0);
    assertThat(input.getDataset().getName()).isEqualTo("mnist-train");
    assertThat(input.getDataset().getDigest()).isEqualTo("0123456789abcdef");
    assertThat(input.getDataset().getProfile()).isEqualTo("{\"rows\": 60000}");
    assertThat(input.getTags(0).getValue()).isEqualTo("train");
  }

  @Test
  void aRefusalReachesTheClientWithTheServersStatusAndCode() {
    String experimentId = client.createExperiment("refusals");
    String runId = newRun(experimentId, "r");
    client.logParam(runId, "lr", "0.1");
    client.logParam(runId, "lr", "0.1");
    assertThatThrownBy(() -> client.logParam(runId, "lr", "0.2"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getBodyMessage())
                  .contains("INVALID_PARAMETER_VALUE")
                  .contains("Changing param values is not allowed");
            });
    assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }

  /**
   * MLflow 3 servers page a metric's history; the 2.17.2 Java client asks for pages of 25000 but
   * cannot follow a next-page token (it adds to the protobuf's unmodifiable list). A client must
   * page itself (see the REST paging test) wherever a history may be that long.
   */
  @Test
  void theJavaClientCannotFollowMetricHistoryPages() {
    try (FakeMlflowServer paging =
        new FakeMlflowServer(FakeServerOptions.defaults().withMetricHistoryPageSize(3)).start()) {
      MlflowClient pagingClient = new MlflowClient(paging.uri());
      String experimentId = pagingClient.createExperiment("paged-history");
      String runId =
          pagingClient
              .createRun(
                  CreateRun.newBuilder().setExperimentId(experimentId).setStartTime(1).build())
              .getRunId();
      List<Metric> points = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        points.add(metric("loss", i, 100 + i, i));
      }
      pagingClient.logBatch(runId, points, List.of(), List.of());

      assertThatThrownBy(() -> pagingClient.getMetricHistory(runId, "loss"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(paging.requests("metrics/get-history").get(0).query())
          .contains("max_results=25000");
      pagingClient.close();
    }
  }
}
