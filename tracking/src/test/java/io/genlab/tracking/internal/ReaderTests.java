package io.genlab.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReaderTests {
  @TempDir Path root;

  @Test
  void runsRoundTripWhatWasLogged() {
    MutableClock clock = new MutableClock(100);
    FileStoreTracker tracker = new FileStoreTracker(root, clock);
    clock.set(200);
    TrackedRun a = tracker.startRun("exp", "a", Map.of("team", "gen"));
    a.logParams(Map.of("latentDim", "16", "lr", "0.001"));
    clock.set(210);
    a.logMetric("test/neg_elbo", 100.5, 5);
    clock.set(211);
    a.logMetric("test/neg_elbo", 99.25, 3); // the last line wins, not the largest step
    clock.set(220);
    a.end(RunStatus.FINISHED);
    clock.set(300);
    TrackedRun b = tracker.startRun("exp", "b", null);
    b.logMetric("loss", Double.NaN, 0);
    tracker.startRun("other", "c", null);

    assertThat(tracker.experimentNames()).containsExactly("Default", "exp", "other");
    var runs = tracker.runs("exp");
    assertThat(runs).extracting(RunInfo::runName).containsExactly("a", "b");
    RunInfo ra = runs.get(0);
    assertThat(ra.runId()).isEqualTo(a.runId());
    assertThat(ra.experimentId()).isEqualTo(a.experimentId());
    assertThat(ra.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(ra.startTime()).isEqualTo(200);
    assertThat(ra.endTime()).isEqualTo(220L);
    assertThat(ra.endTimeIfEnded()).contains(220L);
    assertThat(ra.params()).containsExactly(Map.entry("latentDim", "16"), Map.entry("lr", "0.001"));
    assertThat(ra.tags()).containsEntry("team", "gen").containsEntry("mlflow.runName", "a")
        .containsEntry("mlflow.source.type", "LOCAL").containsKey("mlflow.user");
    assertThat(ra.metrics()).containsExactly(Map.entry("test/neg_elbo", 99.25));
    RunInfo rb = runs.get(1);
    assertThat(rb.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(rb.endTime()).isNull();
    assertThat(rb.metrics().get("loss")).isNaN();

    assertThat(tracker.metricHistory(a.runId(), "test/neg_elbo"))
        .containsExactly(new MetricPoint(210, 100.5, 5), new MetricPoint(211, 99.25, 3));
    assertThat(tracker.metricHistory(a.runId(), "never/logged")).isEmpty();
    assertThat(tracker.run(b.runId())).map(RunInfo::runName).contains("b");
    assertThat(tracker.run("ffffffffffffffffffffffffffffffff")).isEmpty();
  }

  @Test
  void specialValuesRoundTrip() {
    FileStoreTracker tracker = new FileStoreTracker(root);
    TrackedRun run = tracker.startRun("exp", "a", null);
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0E-5, -0.0, Double.MAX_VALUE, Double.MIN_VALUE};
    for (int i = 0; i < values.length; i++) {
      run.logMetric("v", values[i], i);
    }
    assertThat(tracker.metricHistory(run.runId(), "v")).extracting(MetricPoint::value)
        .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0E-5, -0.0, Double.MAX_VALUE, Double.MIN_VALUE);
  }

  @Test
  void theLatestValueOfALongHistoryIsReadFromItsEnd() {
    FileStoreTracker tracker = new FileStoreTracker(root);
    TrackedRun run = tracker.startRun("exp", "a", null);
    for (int i = 0; i < 2000; i++) {
      run.logMetric("loss", 1.0 / (i + 1), i);
    }
    assertThat(tracker.runs("exp").get(0).metrics()).containsEntry("loss", 1.0 / 2000);
    assertThat(tracker.metricHistory(run.runId(), "loss")).hasSize(2000);
  }

  @Test
  void readsAStoreWrittenByMlflow() throws IOException {
    // As MLflow 2.12's FileStore writes it (PyYAML, Python float repr), plus an MLflow 3 5-field
    // line, a pre-step 2-field line and a line still being appended (no newline yet).
    Path run = root.resolve("7/4b1c0e1d2a3f4e5d6c7b8a9f0e1d2c3b");
    Files.createDirectories(run.resolve("metrics/eval"));
    Files.createDirectories(run.resolve("params"));
    Files.createDirectories(run.resolve("tags"));
    Files.createDirectories(run.resolve("artifacts"));
    Files.writeString(root.resolve("7/meta.yaml"), String.join("\n",
        "artifact_location: file:///somewhere/mlruns/7",
        "creation_time: 1714000000000",
        "experiment_id: '7'",
        "last_update_time: 1714000000000",
        "lifecycle_stage: active",
        "name: from python",
        ""));
    Files.writeString(run.resolve("meta.yaml"), String.join("\n",
        "artifact_uri: file:///somewhere/mlruns/7/4b1c0e1d2a3f4e5d6c7b8a9f0e1d2c3b/artifacts",
        "end_time: 1714000005000",
        "entry_point_name: ''",
        "experiment_id: '7'",
        "lifecycle_stage: active",
        "run_id: 4b1c0e1d2a3f4e5d6c7b8a9f0e1d2c3b",
        "run_name: 'python: run'",
        "run_uuid: 4b1c0e1d2a3f4e5d6c7b8a9f0e1d2c3b",
        "source_name: ''",
        "source_type: 4",
        "source_version: ''",
        "start_time: 1714000000001",
        "status: 4",
        "tags: []",
        "user_id: bob",
        ""));
    Files.writeString(run.resolve("metrics/loss"), "1714000000100 nan 0\n1714000000200 inf 1\n1714000000300 1e-05 2\n");
    Files.writeString(run.resolve("metrics/eval/fid"), "1714000000400 -inf\n1714000000500 12.5 7 ds digest\n1714000000600 3");
    Files.writeString(run.resolve("params/lr"), "0.01");
    Files.writeString(run.resolve("tags/mlflow.runName"), "python: run");

    FileStoreTracker tracker = new FileStoreTracker(root);
    // Reading writes nothing: a store made by MLflow without a Default experiment stays without one.
    assertThat(tracker.experimentNames()).containsExactly("from python");
    RunInfo info = tracker.runs("from python").get(0);
    assertThat(info.runId()).isEqualTo("4b1c0e1d2a3f4e5d6c7b8a9f0e1d2c3b");
    assertThat(info.experimentId()).isEqualTo("7");
    assertThat(info.runName()).isEqualTo("python: run");
    assertThat(info.status()).isEqualTo(RunStatus.FAILED);
    assertThat(info.startTime()).isEqualTo(1714000000001L);
    assertThat(info.endTime()).isEqualTo(1714000005000L);
    assertThat(info.params()).containsExactly(Map.entry("lr", "0.01"));
    assertThat(info.metrics()).containsExactly(Map.entry("eval/fid", 12.5), Map.entry("loss", 1e-5));
    assertThat(tracker.metricHistory(info.runId(), "loss")).extracting(MetricPoint::value, MetricPoint::step)
        .containsExactly(tuple(Double.NaN, 0L), tuple(Double.POSITIVE_INFINITY, 1L), tuple(1e-5, 2L));
    assertThat(tracker.metricHistory(info.runId(), "eval/fid")).containsExactly(
        new MetricPoint(1714000000400L, Double.NEGATIVE_INFINITY, 0), new MetricPoint(1714000000500L, 12.5, 7));

    // A new experiment takes the next id after MLflow's.
    assertThat(tracker.startRun("next", "r", null).experimentId()).isEqualTo("8");
    // Continue the Python run from Java.
    TrackedRun reopened = tracker.openRun(info.runId());
    reopened.logMetric("loss", 0.5, 3);
    assertThat(tracker.metricHistory(info.runId(), "loss")).hasSize(4);
  }

  @Test
  void aMalformedMetricLineIsReportedWithItsFile() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(root);
    TrackedRun run = tracker.startRun("exp", "a", null);
    Path file = root.resolve(run.experimentId()).resolve(run.runId()).resolve("metrics/bad");
    Files.writeString(file, "1 2.0 0\nnot a number\n");
    assertThatThrownBy(() -> tracker.metricHistory(run.runId(), "bad"))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasRootCauseInstanceOf(io.genlab.tracking.StoreFileException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining(file.toString());
  }

  @Test
  void anUnknownExperimentListsTheExistingOnes() {
    FileStoreTracker tracker = new FileStoreTracker(root);
    tracker.startRun("vae", "a", null);
    assertThatThrownBy(() -> tracker.runs("vea"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'vea'")
        .hasMessageContaining("existing experiments: Default, vae");
    assertThatThrownBy(() -> tracker.metricHistory("ffffffffffffffffffffffffffffffff", "loss"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ffffffffffffffffffffffffffffffff");
  }
}
