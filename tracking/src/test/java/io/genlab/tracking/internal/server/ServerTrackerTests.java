package io.genlab.tracking.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.tracking.DatasetInput;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.internal.FileStoreTracker;
import io.genlab.tracking.testkit.FakeMlflowServer;
import io.genlab.tracking.testkit.FakeServerOptions;
import io.genlab.tracking.testkit.RecordedRequest;
import io.genlab.tracking.testkit.RunSnapshot;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server tracker against an in-process MLflow server that enforces the real server's rules. */
class ServerTrackerTests {
  @TempDir Path dir;

  private final FakeMlflowServer server = new FakeMlflowServer().start();
  private final List<String> notices = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stopServer() {
    server.close();
  }

  private ServerTracker tracker(Map<String, String> env) {
    return new ServerTracker(URI.create(server.uri()), env, dir.resolve("spool"), Duration.ofSeconds(5),
        Duration.ofMillis(50), notices::add);
  }

  private ServerTracker tracker() {
    return tracker(Map.of());
  }

  private RunSnapshot onServer(String runId) {
    return server.run(runId).orElseThrow(() -> new AssertionError("no run " + runId + " on the server"));
  }

  /** The server's run that local run {@code localId} became (same id, or tagged with it). */
  private RunSnapshot serverCopyOf(String experiment, String localId) {
    return server.run(localId).or(() -> server.runsOf(experiment).stream()
        .filter(r -> localId.equals(r.tags().get(RunPush.SOURCE_RUN_TAG))).findFirst())
        .orElseThrow(() -> new AssertionError("no server copy of run " + localId));
  }

  private static List<double[]> points(RunSnapshot run, String key) {
    return run.metricHistory(key).stream().map(p -> new double[] {p.step(), p.value()}).toList();
  }

  @Test
  void aWholeRunArrivesWithTheServersOwnId() {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "first", Map.of("team", "a"));
      id = run.runId();
      run.logParams(Map.of("model.latentDim", "8", "seed", "1"));
      for (int step = 1; step <= 30; step++) {
        run.logMetric("loss/neg_elbo", 100.0 / step, step);
        run.logMetric("train/kl", step, step);
      }
      run.logMetric("odd", Double.NaN, 31);
      run.logMetric("odd", Double.NEGATIVE_INFINITY, 32);
      run.writeArtifact("spec/resolved.yaml", "seed: 1\n".getBytes());
      run.end(RunStatus.FINISHED);
    }
    RunSnapshot r = onServer(id);
    assertThat(r.runName()).isEqualTo("first");
    assertThat(r.status()).isEqualTo("FINISHED");
    assertThat(r.endTime()).isNotNull();
    assertThat(r.params()).containsEntry("model.latentDim", "8").containsEntry("seed", "1");
    assertThat(r.tags()).containsEntry("team", "a").containsEntry("mlflow.runName", "first")
        .containsKey("mlflow.user").doesNotContainKey(RunPush.SOURCE_RUN_TAG);
    assertThat(r.metricHistory("loss/neg_elbo")).hasSize(30);
    assertThat(r.metricHistory("loss/neg_elbo").get(9).value()).isEqualTo(10.0);
    assertThat(r.metricHistory("odd")).extracting(p -> p.value()).containsExactly(Double.NaN, Double.NEGATIVE_INFINITY);
    assertThat(server.runArtifact(id, "spec/resolved.yaml")).hasValueSatisfying(b -> assertThat(b).isEqualTo("seed: 1\n".getBytes()));
    assertThat(notices).singleElement().asString()
        .startsWith("sent to " + server.uri() + ": 62 metric points, 2 params, ").contains("1 artifact files");
  }

  @Test
  void aStepsMetricsTravelInOneRequestNotOnePerMetric() {
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "batched", null);
      for (int step = 0; step < 200; step++) {
        for (int k = 0; k < 5; k++) {
          run.logMetric("m" + k, step * k, step);
        }
      }
      run.end(RunStatus.FINISHED);
    }
    // 1000 points; the sender runs every 50 ms, so a handful of batches, not 1000 requests.
    assertThat(server.requests("runs/log-batch")).hasSizeLessThan(20);
    assertThat(server.requests("runs/log-metric")).isEmpty();
  }

  @Test
  void batchesStayWithinTheServersLimits() {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "big", null);
      id = run.runId();
      Map<String, String> params = new java.util.HashMap<>();
      for (int i = 0; i < 250; i++) {
        params.put("p" + i, "x".repeat(5000));
      }
      run.logParams(params);
      for (int i = 0; i < 150; i++) {
        run.setTag("t" + i, "y".repeat(100));
      }
      for (int i = 0; i < 2500; i++) {
        run.logMetric("m" + (i % 3), i, i);
      }
      run.end(RunStatus.FINISHED);
    }
    RunSnapshot r = onServer(id);
    assertThat(r.params()).hasSize(250);
    assertThat(r.tags()).containsKey("t149");
    assertThat(r.metricHistory("m0").size() + r.metricHistory("m1").size() + r.metricHistory("m2").size()).isEqualTo(2500);
    // The fake refuses any batch over the limits with a 400, which would be an error notice.
    assertThat(notices).singleElement().asString().startsWith("sent to ");
  }

  @Test
  void aServerDownAtTheStartGetsTheRunWhenItAnswers() {
    server.stop();
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("offline", "r", null);
      id = run.runId();
      for (int step = 0; step < 10; step++) {
        run.logMetric("loss", step, step);
      }
      server.restart();
      for (int step = 10; step < 20; step++) {
        run.logMetric("loss", step, step);
      }
      run.end(RunStatus.FINISHED);
    }
    RunSnapshot r = serverCopyOf("offline", id);
    assertThat(r.runId()).isNotEqualTo(id);
    assertThat(r.tags()).containsEntry(RunPush.SOURCE_RUN_TAG, id);
    assertThat(r.metricHistory("loss")).extracting(p -> p.step()).containsExactlyElementsOf(
        Stream.iterate(0L, s -> s + 1).limit(20).toList());
    assertThat(r.status()).isEqualTo("FINISHED");
    assertThat(notices).anySatisfy(n -> assertThat(n).contains("warning").contains(dir.resolve("spool").toString()));
  }

  @Test
  void aServerKilledMidRunAndRestartedGetsEveryPointOnce() throws Exception {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      for (int step = 0; step < 50; step++) {
        run.logMetric("loss", step, step);
        if (step == 20) {
          Thread.sleep(200); // let some go out
          server.stop();
        }
        if (step == 40) {
          Thread.sleep(300); // the sender fails against the stopped server
          server.restart();
        }
      }
      run.end(RunStatus.FINISHED);
    }
    assertThat(onServer(id).metricHistory("loss")).extracting(p -> p.step())
        .containsExactlyElementsOf(Stream.iterate(0L, s -> s + 1).limit(50).toList());
    assertThat(notices).anySatisfy(n -> assertThat(n).contains("answers again"));
  }

  @Test
  void aLostAnswerDoesNotLogABatchTwice() {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      run.logMetric("loss", 1, 1);
      assertThat(tracker.sendNow(Duration.ofSeconds(10))).isTrue();
      server.clearRequests();
      server.failNextAfterHandling(1, 503); // the next batch is applied, its answer lost
      for (int step = 2; step <= 10; step++) {
        run.logMetric("loss", step, step);
      }
      run.end(RunStatus.FINISHED);
    }
    assertThat(server.requests().get(0).path()).endsWith("runs/log-batch");
    assertThat(server.requests().get(0).status()).isEqualTo(503);
    assertThat(onServer(id).metricHistory("loss")).extracting(p -> p.step())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void aProcessKilledBetweenTheServersAnswerAndItsRecordDoesNotSendTwice() throws Exception {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      run.logMetric("loss", 1, 1);
      run.logMetric("loss", 2, 2);
      tracker.sendNow(Duration.ofSeconds(10));
    }
    // As if killed right after the server took a batch: the marker written ahead of it is still there.
    Path pushed = Spool.folderFor(dir.resolve("spool"), URI.create(server.uri())).resolve("pushed");
    Files.writeString(pushed.resolve(id + ".points"), "0 loss\n");
    Files.createFile(pushed.resolve(id + ".sending"));
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.openRun(id);
      run.logMetric("loss", 3, 3);
      run.end(RunStatus.FINISHED);
    }
    assertThat(onServer(id).metricHistory("loss")).extracting(p -> p.step()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void transientFailuresAreRetriedAndAForbiddenRunIsAnErrorNamingTheProblem() {
    server.failNext(2, 503);
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      run.logMetric("loss", 1, 1);
      run.end(RunStatus.FINISHED);
      tracker.close();
      assertThat(onServer(run.runId()).metricHistory("loss")).hasSize(1);
    }
    server.requireBearerToken("right");
    try (ServerTracker tracker = tracker(Map.of("MLFLOW_TRACKING_TOKEN", "wrong"))) {
      assertThatThrownBy(() -> tracker.startRun("exp", "r", null))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("HTTP 403")
          .message().doesNotContain("wrong");
    }
    try (ServerTracker tracker = tracker()) {
      assertThatThrownBy(() -> tracker.startRun("exp", "r", null))
          .hasMessageContaining("HTTP 401").hasMessageContaining("MLFLOW_TRACKING_TOKEN");
    }
  }

  @Test
  void aParamTheServerHoldsWithAnotherValueIsRefusedNamingKeyAndValues() {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      run.logParam("lr", "0.1");
      run.end(RunStatus.FINISHED);
    }
    // Someone else's copy of the run, with another value: the spool's run differs from the server's.
    Path spoolStore = Spool.folderFor(dir.resolve("spool"), URI.create(server.uri())).resolve("store");
    try (Stream<Path> files = Files.walk(spoolStore)) {
      Path param = files.filter(p -> p.endsWith(Path.of("params", "lr"))).findFirst().orElseThrow();
      Files.writeString(param, "0.2");
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.openRun(id);
      run.logMetric("loss", 1, 1);
      assertThat(tracker.spoolFolder()).exists();
      tracker.close();
      assertThat(notices).anySatisfy(n -> assertThat(n).contains("'lr'").contains("'0.1'").contains("'0.2'"));
      assertThatThrownBy(() -> run.logMetric("loss", 2, 2)).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("param 'lr'");
    }
  }

  @Test
  void authenticationHeadersGoWithEveryRequestIncludingArtifacts() {
    server.requireBasicAuth("alice", "pw");
    try (ServerTracker tracker = tracker(Map.of("MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "pw"))) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      run.logMetric("loss", 1, 1);
      run.writeArtifact("a.txt", "x".getBytes());
      run.end(RunStatus.FINISHED);
    }
    List<RecordedRequest> requests = server.requests();
    assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r.header("Authorization")).isPresent());
    assertThat(requests).anySatisfy(r -> assertThat(r.path()).contains("mlflow-artifacts"));
    // Only the lookup of the experiment before it exists fails (the MLflow client repeats it three times).
    assertThat(requests).filteredOn(r -> r.status() >= 400)
        .allSatisfy(r -> assertThat(r.path()).endsWith("experiments/get-by-name"));
  }

  @Test
  void artifactsRoundTripByteForByteAndAreReadBackFromAnotherMachine() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(big);
    Path local = Files.write(dir.resolve("model.bin"), big);
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      run.logArtifact(local, "checkpoints");
      run.writeArtifact("samples/grid 1.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
      run.end(RunStatus.FINISHED);
    }
    assertThat(server.runArtifact(id, "checkpoints/model.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
    // Another machine: an empty spool reads the artifact from the server.
    ServerTracker elsewhere = new ServerTracker(URI.create(server.uri()), Map.of(), dir.resolve("other-spool"),
        Duration.ofSeconds(5), Duration.ofMillis(50), notices::add);
    try (elsewhere) {
      assertThat(elsewhere.readArtifact(id, "checkpoints/model.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
      assertThat(elsewhere.readArtifact(id, "samples/grid 1.png")).hasValue(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
      assertThat(elsewhere.readArtifact(id, "missing.txt")).isEmpty();
      // Listed from the server too: what an HTML report of another machine's runs shows as sample grids.
      assertThat(elsewhere.listArtifacts(id, "samples")).containsExactly("samples/grid 1.png");
      assertThat(elsewhere.listArtifacts(id, "")).isEmpty(); // files only, not the folders
      assertThat(elsewhere.listArtifacts(id, "nothing-here")).isEmpty();
      assertThatThrownBy(() -> elsewhere.listArtifacts(id, "../x")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> elsewhere.listArtifacts(id, "samples/./x")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> elsewhere.readArtifact(id, "../x")).isInstanceOf(IllegalArgumentException.class);
    }
    try (ServerTracker tracker = tracker()) {
      assertThat(tracker.listArtifacts(id, "checkpoints")).containsExactly("checkpoints/model.bin");
    }
  }

  @Test
  void aRewrittenCheckpointOfTheSameSizeIsSentAgain() {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      run.writeArtifact("checkpoints/last.ckpt", new byte[] {1, 1, 1});
      tracker.close();
    }
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.openRun(id);
      run.writeArtifact("checkpoints/last.ckpt", new byte[] {2, 2, 2});
      run.end(RunStatus.FINISHED);
    }
    assertThat(server.runArtifact(id, "checkpoints/last.ckpt")).hasValue(new byte[] {2, 2, 2});
  }

  @Test
  void cloudArtifactLocationsAreRefusedBeforeTheRunStarts() {
    try (FakeMlflowServer s3 = new FakeMlflowServer(FakeServerOptions.defaults().withArtifactRoot("s3://bucket/mlflow")).start();
        ServerTracker tracker = new ServerTracker(URI.create(s3.uri()), Map.of(), dir.resolve("spool"),
            Duration.ofSeconds(5), Duration.ofMillis(50), notices::add)) {
      assertThatThrownBy(() -> tracker.startRun("exp", "r", null))
          .hasMessageContaining("s3://bucket/mlflow").hasMessageContaining("--artifacts-destination");
      assertThat(s3.runsOf("exp")).isEmpty();
    }
  }

  @Test
  void fileArtifactLocationsAreCopiedToDirectly() throws Exception {
    Path root = Files.createDirectories(dir.resolve("artifact-root"));
    try (FakeMlflowServer local = new FakeMlflowServer(FakeServerOptions.defaults().withLocalArtifactRoot(root)).start();
        ServerTracker tracker = new ServerTracker(URI.create(local.uri()), Map.of(), dir.resolve("spool"),
            Duration.ofSeconds(5), Duration.ofMillis(50), notices::add)) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      run.writeArtifact("spec/spec.yaml", "a: 1".getBytes());
      run.end(RunStatus.FINISHED);
      tracker.close();
      String uri = local.run(run.runId()).orElseThrow().artifactUri();
      assertThat(Path.of(URI.create(uri)).resolve("spec/spec.yaml")).hasContent("a: 1");
    }
  }

  @Test
  void aRunStartedOnAnotherMachineResumesHere() {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      run.logParam("seed", "3");
      run.logMetric("loss", 1, 1);
      run.logMetric("loss", 2, 2);
      run.end(RunStatus.KILLED);
    }
    ServerTracker elsewhere = new ServerTracker(URI.create(server.uri()), Map.of(), dir.resolve("other-spool"),
        Duration.ofSeconds(5), Duration.ofMillis(50), notices::add);
    try (elsewhere) {
      assertThat(elsewhere.metricHistory(id, "loss")).extracting(MetricPoint::step).containsExactly(1L, 2L);
      TrackedRun run = elsewhere.openRun(id);
      run.logMetric("loss", 3, 3);
      run.end(RunStatus.FINISHED);
    }
    RunSnapshot r = onServer(id);
    assertThat(r.metricHistory("loss")).extracting(p -> p.step()).containsExactly(1L, 2L, 3L);
    assertThat(r.status()).isEqualTo("FINISHED");
    assertThat(r.params()).containsEntry("seed", "3");
  }

  @Test
  void aRunScheduledHereShowsQueuedOnTheServerUntilATaskElsewhereStartsIt() {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "queued", null);
      id = run.runId();
      run.logParam("seed", "3");
      run.markScheduled();
    }
    assertThat(onServer(id).status()).isEqualTo("SCHEDULED");
    assertThat(onServer(id).endTime()).isNull();
    ServerTracker task = new ServerTracker(URI.create(server.uri()), Map.of(), dir.resolve("task-spool"),
        Duration.ofSeconds(5), Duration.ofMillis(50), notices::add);
    try (task) {
      TrackedRun run = task.openRun(id);
      assertThat(task.run(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
      run.logMetric("loss", 1, 1);
      run.end(RunStatus.FINISHED);
    }
    assertThat(onServer(id).status()).isEqualTo("FINISHED");
    assertThat(onServer(id).metricHistory("loss")).extracting(p -> p.step()).containsExactly(1L);
  }

  @Test
  void aServerDownForTheWholeRunGetsItFromSyncOnceOnly() {
    server.stop();
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "offline", null);
      id = run.runId();
      run.logParam("seed", "1");
      for (int step = 0; step < 25; step++) {
        run.logMetric("loss", step, step);
      }
      run.writeArtifact("spec/spec.yaml", "seed: 1".getBytes());
      run.end(RunStatus.FINISHED);
    }
    assertThat(notices).anySatisfy(n -> assertThat(n).contains("not yet on").contains("genlab sync"));
    server.restart();
    try (ServerTracker tracker = tracker()) {
      var first = tracker.sendSpooled();
      assertThat(first.metrics()).isEqualTo(25);
      assertThat(first.artifacts()).isEqualTo(1);
      var again = tracker.sendSpooled();
      assertThat(again.metrics()).isZero();
      assertThat(again.artifacts()).isZero();
      assertThat(again.params()).isZero();
      // Readers find the run by its local id.
      assertThat(tracker.run(id)).map(RunInfo::status).hasValue(RunStatus.FINISHED);
    }
    RunSnapshot r = serverCopyOf("exp", id);
    assertThat(r.metricHistory("loss")).hasSize(25);
    assertThat(r.status()).isEqualTo("FINISHED");
    assertThat(server.runArtifact(r.runId(), "spec/spec.yaml")).hasValue("seed: 1".getBytes());
  }

  @Test
  void aLocalStoreJoinsTheServerWithItsSweepNestedAndIdsMapped() {
    FileStoreTracker laptop = new FileStoreTracker(dir.resolve("mlruns"));
    TrackedRun parent = laptop.startRun("sweep", "parent", null);
    parent.logParam("sweep.trials", "2");
    List<String> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TrackedRun child = laptop.startRun("sweep", "trial-" + i, Map.of("mlflow.parentRunId", parent.runId()));
      child.logParam("model.latentDim", String.valueOf(4 * (i + 1)));
      child.logMetric("test/neg_elbo", 100 - i, 10);
      child.end(RunStatus.FINISHED);
      children.add(child.runId());
    }
    parent.end(RunStatus.FINISHED);

    var sent = StoreSync.send(dir.resolve("mlruns"), URI.create(server.uri()), Map.of(), dir.resolve("spool"),
        Duration.ofSeconds(5));
    assertThat(sent.runs()).isEqualTo(3);
    assertThat(sent.refused()).isEmpty();
    RunSnapshot serverParent = serverCopyOf("sweep", parent.runId());
    for (String child : children) {
      RunSnapshot c = serverCopyOf("sweep", child);
      assertThat(c.tags()).containsEntry("mlflow.parentRunId", serverParent.runId());
      assertThat(c.metricHistory("test/neg_elbo")).hasSize(1);
      assertThat(c.params()).containsKey("model.latentDim");
    }
    var again = StoreSync.send(dir.resolve("mlruns"), URI.create(server.uri()), Map.of(), dir.resolve("spool"),
        Duration.ofSeconds(5));
    assertThat(again.metrics() + again.params() + again.tags() + again.artifacts()).isZero();
    assertThat(server.runsOf("sweep")).hasSize(3);
  }

  @Test
  void readersSeeSpooledAndServerRuns() {
    String online;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "online", null);
      online = run.runId();
      run.logMetric("loss", 1, 1);
      run.end(RunStatus.FINISHED);
    }
    // Another machine lists the server's runs.
    ServerTracker elsewhere = new ServerTracker(URI.create(server.uri()), Map.of(), dir.resolve("other-spool"),
        Duration.ofSeconds(5), Duration.ofMillis(50), notices::add);
    try (elsewhere) {
      assertThat(elsewhere.experimentNames()).contains("exp");
      assertThat(elsewhere.runs("exp")).extracting(RunInfo::runId).containsExactly(online);
      assertThat(elsewhere.runs("exp").get(0).metrics()).containsEntry("loss", 1.0);
      assertThatThrownBy(() -> elsewhere.runs("nope")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exp");
    }
  }

  @Test
  void datasetInputsArriveOnceWithTheirContextAndAreReadBack() {
    DatasetInput train = DatasetInput.of("shapes", DatasetInput.digestOf("ab".repeat(32)), "local",
        "{\"uri\": \"shapes\"}", "{\"mlflow_tensorspec\": {}}", "{\"examples\": 10}", "train");
    DatasetInput test = DatasetInput.of("shapes", DatasetInput.digestOf("cd".repeat(32)), "local",
        "{\"uri\": \"shapes\"}", null, null, "test");
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      run.logInputs(List.of(train, test));
      run.logInputs(List.of(train));
      run.end(RunStatus.FINISHED);
    }
    var inputs = onServer(id).datasetInputs();
    assertThat(inputs).hasSize(2);
    assertThat(inputs).anySatisfy(i -> {
      assertThat(i.digest()).isEqualTo(train.digest());
      assertThat(i.tags()).containsEntry("mlflow.data.context", "train");
      assertThat(i.profile()).isEqualTo("{\"examples\": 10}");
    });
    ServerTracker elsewhere = new ServerTracker(URI.create(server.uri()), Map.of(), dir.resolve("other-spool"),
        Duration.ofSeconds(5), Duration.ofMillis(50), notices::add);
    try (elsewhere) {
      assertThat(elsewhere.datasetInputs(id)).containsExactlyInAnyOrder(train, test);
    }
  }

  @Test
  void aCheckpointRewrittenEveryEpochIsUploadedAtMostEvery30SecondsAndLastAtTheEnd() throws Exception {
    String id;
    try (ServerTracker tracker = tracker()) {
      TrackedRun run = tracker.startRun("exp", "r", null);
      id = run.runId();
      for (int epoch = 1; epoch <= 5; epoch++) {
        run.writeArtifact("checkpoints/last.ckpt", new byte[] {(byte) epoch, 0, 0});
        run.logMetric("epoch/loss", epoch, epoch);
        if (epoch == 1) {
          awaitPuts(1); // the first checkpoint goes at once
        }
        Thread.sleep(150); // several sender passes per epoch
      }
      assertThat(puts()).hasSize(1);
      assertThat(server.runArtifact(id, "checkpoints/last.ckpt")).hasValue(new byte[] {1, 0, 0});
      run.end(RunStatus.FINISHED);
    }
    assertThat(puts()).hasSize(2);
    assertThat(server.runArtifact(id, "checkpoints/last.ckpt")).hasValue(new byte[] {5, 0, 0});
    assertThat(onServer(id).metricHistory("epoch/loss")).hasSize(5);
  }

  private List<RecordedRequest> puts() {
    return server.requests("mlflow-artifacts").stream().filter(r -> r.method().equals("PUT")).toList();
  }

  private void awaitPuts(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (puts().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(puts()).hasSize(count);
  }
}
