package io.genlab.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.genlab.tracking.StoreFileException;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that is a file, read-only, full or corrupt: refused by path, and nothing already written changes. */
class StoreProblemsTests {
  @TempDir Path tmp;

  @Test
  void aStoreThatIsAFileIsRefusedByPath() throws IOException {
    Path file = Files.writeString(tmp.resolve("mlruns"), "not a folder");
    assertThatThrownBy(() -> new FileStoreTracker(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is a file, not a folder");
  }

  @Test
  void checkingAMissingStoreWritesNothingAndRefusesAFileAsParent() throws IOException {
    new FileStoreTracker(tmp.resolve("a/b/store")).checkCanStartRun("x");
    assertThat(tmp.resolve("a")).doesNotExist();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s).isEmpty();
    }
    Path file = Files.writeString(tmp.resolve("file"), "");
    assertThatThrownBy(() -> new FileStoreTracker(file.resolve("store")).checkCanStartRun("x"))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a folder");
  }

  @Test
  void aReadOnlyStoreOrExperimentIsRefusedBeforeAnyRunStarts() throws IOException {
    assumeThat(System.getProperty("user.name")).as("permissions do not bind root").isNotEqualTo("root");
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    TrackedRun run = tracker.startRun("exp", "r", null);
    Path experiment = tmp.resolve("store/" + run.experimentId());
    Files.setPosixFilePermissions(experiment, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      tracker.checkCanStartRun("other"); // a new experiment would go to the writable store
      assertThatThrownBy(() -> tracker.checkCanStartRun("exp"))
          .hasRootCauseInstanceOf(StoreFileException.class)
          .hasMessageContaining(experiment.toString())
          .hasMessageContaining("not writable");
      Files.setPosixFilePermissions(tmp.resolve("store"), PosixFilePermissions.fromString("r-xr-xr-x"));
      assertThatThrownBy(() -> tracker.checkCanStartRun("other"))
          .hasMessageContaining(tmp.resolve("store").toString())
          .hasMessageContaining("not writable");
    } finally {
      Files.setPosixFilePermissions(tmp.resolve("store"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(experiment, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    assertThat(snapshot(tmp.resolve("store")).keySet()).noneMatch(k -> k.contains(".probe"));
  }

  @Test
  void aFullDiskFailsTheWriteAndTheRunCanStillEndFailed() throws IOException {
    assumeThat(Path.of("/dev/full")).exists();
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    TrackedRun run = tracker.startRun("exp", "r", null);
    run.logMetric("loss", 1.0, 0);
    Path runDir = tmp.resolve("store/" + run.experimentId() + "/" + run.runId());
    Files.createSymbolicLink(runDir.resolve("metrics/full"), Path.of("/dev/full"));
    assertThatThrownBy(() -> run.logMetric("full", 2.0, 1))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("full");
    run.end(RunStatus.FAILED);
    assertThat(tracker.run(run.runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(tracker.metricHistory(run.runId(), "loss")).hasSize(1);
  }

  @Test
  void aCorruptMetricLineRefusesReopeningAndChangesNothing() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    TrackedRun run = tracker.startRun("exp", "r", null);
    run.logMetric("loss", 1.0, 0);
    run.end(RunStatus.KILLED);
    Path runDir = tmp.resolve("store/" + run.experimentId() + "/" + run.runId());
    Path metric = runDir.resolve("metrics/loss");
    Files.writeString(metric, "1 1.0 0\n2 oops 1\n3 1.0");
    Map<String, String> before = snapshot(tmp.resolve("store"));
    assertThatThrownBy(() -> tracker.openRun(run.runId()))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining(metric.toString())
        .hasMessageContaining("line 2");
    assertThat(snapshot(tmp.resolve("store"))).isEqualTo(before);
  }

  @Test
  void corruptMetaParamsAndTagsAreNamedByPath() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    TrackedRun run = tracker.startRun("exp", "r", null);
    Path runDir = tmp.resolve("store/" + run.experimentId() + "/" + run.runId());
    Files.write(runDir.resolve("params/lr"), new byte[] {(byte) 0xff, (byte) 0xfe});
    assertThatThrownBy(() -> tracker.run(run.runId()))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining(runDir.resolve("params/lr").toString())
        .hasMessageContaining("not UTF-8");
    Files.delete(runDir.resolve("params/lr"));
    Files.writeString(runDir.resolve("meta.yaml"), "run_id: x\nstatus: 9\nexperiment_id: '1'\nstart_time: 1\n");
    assertThatThrownBy(() -> tracker.run(run.runId()))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining(runDir.resolve("meta.yaml").toString())
        .hasMessageContaining("status code 9");
    Files.writeString(runDir.resolve("meta.yaml"), "just text\n");
    assertThatThrownBy(() -> tracker.openRun(run.runId()))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining("line 1");
    Files.writeString(tmp.resolve("store/" + run.experimentId() + "/meta.yaml"), "id: 1\n");
    assertThatThrownBy(() -> tracker.experimentNames())
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining("has no 'name'");
  }

  @Test
  void filesLinkedOutOfTheRunAreNotRead() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    TrackedRun run = tracker.startRun("exp", "r", null);
    Path runDir = tmp.resolve("store/" + run.experimentId() + "/" + run.runId());
    Path secret = Files.writeString(tmp.resolve("secret"), "private");
    Files.createDirectories(runDir.resolve("artifacts/spec"));
    Files.createSymbolicLink(runDir.resolve("artifacts/spec/resolved.yaml"), secret);
    assertThatThrownBy(() -> tracker.readArtifact(run.runId(), "spec/resolved.yaml"))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining("a link to " + secret.toRealPath())
        .message().doesNotContain("private");
    Files.delete(runDir.resolve("artifacts/spec/resolved.yaml"));
    Path victim = Files.writeString(tmp.resolve("victim"), "1 2.0 0\nno newline");
    Files.createSymbolicLink(runDir.resolve("metrics/linked"), victim);
    run.end(RunStatus.KILLED);
    assertThatThrownBy(() -> tracker.openRun(run.runId()))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining("metrics/linked");
    assertThat(victim).as("reopening must not trim a file outside the run").hasContent("1 2.0 0\nno newline");
    Files.delete(runDir.resolve("metrics/linked"));
    Files.createSymbolicLink(runDir.resolve("tags/stolen"), secret);
    assertThatThrownBy(() -> tracker.run(run.runId()))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining("tags/stolen");
  }

  @Test
  void aRunFolderWithoutMetaYamlIsNamed() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    TrackedRun run = tracker.startRun("exp", "r", null);
    Path runDir = tmp.resolve("store/" + run.experimentId() + "/" + run.runId());
    Files.delete(runDir.resolve("meta.yaml"));
    assertThatThrownBy(() -> tracker.run(run.runId()))
        .hasRootCauseInstanceOf(StoreFileException.class)
        .hasMessageContaining(runDir + ": the run's folder has no meta.yaml");
    assertThat(tracker.runs("exp")).isEmpty();
  }

  @Test
  void runIdsListsTheRunsForHints() {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    assertThat(tracker.runIds()).isEmpty();
    TrackedRun a = tracker.startRun("exp", "a", null);
    TrackedRun b = tracker.startRun(null, "b", null);
    assertThat(tracker.runIds()).containsExactlyInAnyOrder(a.runId(), b.runId());
  }

  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "/" : new String(Files.readAllBytes(p)));
      }
    }
    return out;
  }
}
