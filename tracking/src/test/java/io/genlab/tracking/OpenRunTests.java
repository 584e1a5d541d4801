package io.genlab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenRunTests {
  @TempDir Path root;

  @Test
  void aReopenedRunContinuesWhereItStopped() throws IOException {
    TrackedRun first = Trackers.fileStore(root).startRun("resume", "r", null);
    first.logParam("epochs", "4");
    first.logMetric("loss", 4.0, 0);
    first.logMetric("loss", 3.0, 1);
    first.writeArtifact("ckpt/epoch-1.bin", new byte[] {1});
    first.end(RunStatus.KILLED);
    Path metricFile = root.resolve(first.experimentId()).resolve(first.runId()).resolve("metrics/loss");
    String before = Files.readString(metricFile);

    // A new tracker, as a resumed process would open.
    Tracker tracker = Trackers.fileStore(root);
    TrackedRun resumed = tracker.openRun(first.runId());
    assertThat(resumed.runId()).isEqualTo(first.runId());
    assertThat(resumed.experimentId()).isEqualTo(first.experimentId());
    RunInfo reopened = tracker.run(first.runId()).orElseThrow();
    assertThat(reopened.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(reopened.endTime()).isNull();

    resumed.logParam("epochs", "4"); // same value: fine
    assertThatThrownBy(() -> resumed.logParam("epochs", "8")).isInstanceOf(IllegalArgumentException.class);
    resumed.logMetric("loss", 2.0, 2);
    resumed.logMetric("loss", 1.0, 3);
    resumed.end(RunStatus.FINISHED);

    assertThat(Files.readString(metricFile)).startsWith(before);
    assertThat(tracker.metricHistory(first.runId(), "loss"))
        .extracting(MetricPoint::value, MetricPoint::step)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4.0, 0L),
            org.assertj.core.groups.Tuple.tuple(3.0, 1L),
            org.assertj.core.groups.Tuple.tuple(2.0, 2L),
            org.assertj.core.groups.Tuple.tuple(1.0, 3L));
    RunInfo done = tracker.run(first.runId()).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(done.endTime()).isNotNull().isGreaterThanOrEqualTo(done.startTime());
    assertThat(done.metrics()).containsEntry("loss", 1.0);
    assertThat(resumed.artifactDirectory().orElseThrow().resolve("ckpt/epoch-1.bin")).exists();
  }

  @Test
  void reopeningCutsALineACrashLeftHalfWritten() throws IOException {
    Tracker tracker = Trackers.fileStore(root);
    TrackedRun first = tracker.startRun("resume", "r", null);
    first.logMetric("loss", 4.0, 0);
    Path metricFile = root.resolve(first.experimentId()).resolve(first.runId()).resolve("metrics/loss");
    Files.writeString(metricFile, "1700000000000 3.", java.nio.file.StandardOpenOption.APPEND);

    TrackedRun resumed = tracker.openRun(first.runId());
    resumed.logMetric("loss", 3.0, 1);

    assertThat(tracker.metricHistory(first.runId(), "loss"))
        .extracting(MetricPoint::value, MetricPoint::step)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(4.0, 0L), org.assertj.core.groups.Tuple.tuple(3.0, 1L));
  }

  @Test
  void artifactsReadBackByRunIdAndPath() {
    Tracker tracker = Trackers.fileStore(root);
    TrackedRun run = tracker.startRun("resume", "r", null);
    run.writeArtifact("spec/resolved.yaml", new byte[] {1, 2, 3});
    assertThat(tracker.readArtifact(run.runId(), "spec/resolved.yaml")).hasValueSatisfying(
        bytes -> assertThat(bytes).containsExactly(1, 2, 3));
    assertThat(tracker.readArtifact(run.runId(), "spec/missing.yaml")).isEmpty();
    assertThatThrownBy(() -> tracker.readArtifact(run.runId(), "../meta.yaml"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void artifactFoldersListTheirFilesSortedWithoutSubfolders() {
    Tracker tracker = Trackers.fileStore(root);
    TrackedRun run = tracker.startRun("resume", "r", null);
    run.writeArtifact("samples/prior.png", new byte[] {1});
    run.writeArtifact("samples/mixture.png", new byte[] {2});
    run.writeArtifact("samples/epoch-0001/prior.png", new byte[] {3});
    assertThat(tracker.listArtifacts(run.runId(), "samples")).containsExactly("samples/mixture.png", "samples/prior.png");
    assertThat(tracker.listArtifacts(run.runId(), "")).isEmpty();
    assertThat(tracker.listArtifacts(run.runId(), "nothing")).isEmpty();
    assertThatThrownBy(() -> tracker.listArtifacts(run.runId(), "../.."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tracker.listArtifacts("nosuchrun", "samples"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuchrun");
  }

  @Test
  void anUnknownRunIdIsNamedWithTheStore() {
    Tracker tracker = Trackers.fileStore(root);
    String id = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(() -> tracker.openRun(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(id)
        .hasMessageContaining(root.toAbsolutePath().toString());
    assertThatThrownBy(() -> tracker.openRun("../0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../0'");
  }

  @Test
  void aDeletedRunCannotBeReopened() throws IOException {
    Tracker tracker = Trackers.fileStore(root);
    TrackedRun run = tracker.startRun("resume", "r", null);
    Path meta = root.resolve(run.experimentId()).resolve(run.runId()).resolve("meta.yaml");
    Files.writeString(meta, Files.readString(meta).replace("lifecycle_stage: active", "lifecycle_stage: deleted"));
    assertThatThrownBy(() -> tracker.openRun(run.runId()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(run.runId())
        .hasMessageContaining("deleted");
    assertThat(tracker.run(run.runId())).isEmpty();
    assertThat(tracker.runs("resume")).isEmpty();
  }

  @Test
  void aScheduledRunIsNeitherRunningNorEndedUntilReopenedOrEnded() throws IOException {
    Tracker tracker = Trackers.fileStore(root);
    TrackedRun queued = tracker.startRun("queue", "q", null);
    queued.logParam("epochs", "4");
    queued.markScheduled();
    RunInfo scheduled = tracker.run(queued.runId()).orElseThrow();
    assertThat(scheduled.status()).isEqualTo(RunStatus.SCHEDULED);
    assertThat(scheduled.endTime()).isNull();
    // MLflow's code for SCHEDULED, which its UI shows as queued.
    assertThat(root.resolve(queued.experimentId()).resolve(queued.runId()).resolve("meta.yaml")).content()
        .contains("status: 2");

    TrackedRun started = Trackers.fileStore(root).openRun(queued.runId());
    assertThat(tracker.run(queued.runId()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    started.end(RunStatus.FINISHED);

    TrackedRun cancelled = tracker.startRun("queue", "c", null);
    cancelled.markScheduled();
    cancelled.end(RunStatus.KILLED);
    RunInfo killed = tracker.run(cancelled.runId()).orElseThrow();
    assertThat(killed.status()).isEqualTo(RunStatus.KILLED);
    assertThat(killed.endTime()).isNotNull();
  }

  @Test
  void endAcceptsOnlyTerminalStatuses() {
    TrackedRun run = Trackers.fileStore(root).startRun("resume", "r", null);
    for (RunStatus s : List.of(RunStatus.RUNNING, RunStatus.SCHEDULED)) {
      assertThatThrownBy(() -> run.end(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(s.name());
    }
    run.end(RunStatus.FAILED);
    assertThat(Trackers.fileStore(root).run(run.runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
  }
}
