package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.internal.FileStoreTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever fails while a run is recorded (a full disk, a store that refuses tags), the run ends FAILED. */
class RunEndsTests {
  static final String SPEC = io.genlab.runner.badinput.Workspace.VALID_SPEC;

  @TempDir Path dir;

  private ExperimentSpec spec(PluginRegistry registry) throws IOException {
    Path file = Files.writeString(dir.resolve("spec.yaml"), SPEC);
    return new SpecResolver(registry).resolve(file, List.of());
  }

  private Path runFolder(String runId) throws IOException {
    try (var experiments = Files.list(dir.resolve("store"))) {
      return experiments.map(e -> e.resolve(runId)).filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @Test
  void aFullDiskMidTrainingEndsTheRunFailedAndKeepsWhatWasWritten() throws IOException {
    assumeThat(Path.of("/dev/full")).exists();
    PluginRegistry registry = PluginRegistry.discover();
    FileStoreTracker store = new FileStoreTracker(dir.resolve("store"));
    // The first epoch metric goes to /dev/full: the write fails as on a full disk.
    Tracker tracker = new Intercepting(store, key -> key.startsWith("epoch/"), (run, key) -> {
      Path metric = runFolder(run.runId()).resolve("metrics").resolve(key);
      Files.createDirectories(metric.getParent());
      Files.createSymbolicLink(metric, Path.of("/dev/full"));
    });
    ExperimentRunner runner = new ExperimentRunner(registry, new PrintStream(new ByteArrayOutputStream()));
    assertThatThrownBy(() -> runner.run(spec(registry), SPEC, tracker))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseInstanceOf(IOException.class);
    RunInfo run = store.runs("tiny").get(0);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.tags().get("genlab.failure")).contains("epoch/");
    assertThat(run.params()).containsEntry("seed", "5");
    assertThat(store.metricHistory(run.runId(), "perf/startup_seconds")).hasSize(1);
  }

  @Test
  void aRunEndsFailedEvenWhenItsFailureTagCannotBeWritten() throws IOException {
    PluginRegistry registry = PluginRegistry.discover();
    FileStoreTracker store = new FileStoreTracker(dir.resolve("store"));
    Tracker tracker = new Intercepting(store, key -> key.startsWith("epoch/") || key.equals("genlab.failure"), (run, key) -> {
      throw new FileSystemException(key, null, "No space left on device");
    });
    ExperimentRunner runner = new ExperimentRunner(registry, new PrintStream(new ByteArrayOutputStream()));
    assertThatThrownBy(() -> runner.run(spec(registry), SPEC, tracker))
        .isInstanceOf(UncheckedIOException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
    assertThat(store.runs("tiny").get(0).status()).isEqualTo(RunStatus.FAILED);
  }

  /** What {@link Intercepting} does before a matching metric or tag is written; may throw to fail the write. */
  interface Hook {
    void before(TrackedRun run, String key) throws IOException;
  }

  /** A tracker whose runs call a hook before the first write of a matching metric or tag key. */
  record Intercepting(Tracker delegate, Predicate<String> keys, Hook hook) implements Tracker {
    @Override
    public TrackedRun startRun(String experimentName, String runName, Map<String, String> tags) {
      return new Run(delegate.startRun(experimentName, runName, tags));
    }

    @Override
    public TrackedRun openRun(String runId) {
      return new Run(delegate.openRun(runId));
    }

    @Override
    public List<String> experimentNames() {
      return delegate.experimentNames();
    }

    @Override
    public List<RunInfo> runs(String experimentName) {
      return delegate.runs(experimentName);
    }

    @Override
    public Optional<RunInfo> run(String runId) {
      return delegate.run(runId);
    }

    @Override
    public List<MetricPoint> metricHistory(String runId, String key) {
      return delegate.metricHistory(runId, key);
    }

    @Override
    public String describe() {
      return delegate.describe();
    }

    private final class Run implements TrackedRun {
      private final TrackedRun run;

      Run(TrackedRun run) {
        this.run = run;
      }

      private void hook(String key) {
        if (keys.test(key)) {
          try {
            hook.before(run, key);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + key + "'", e);
          }
        }
      }

      @Override
      public String runId() {
        return run.runId();
      }

      @Override
      public String experimentId() {
        return run.experimentId();
      }

      @Override
      public void logParam(String key, String value) {
        run.logParam(key, value);
      }

      @Override
      public void logParams(Map<String, String> params) {
        run.logParams(params);
      }

      @Override
      public void logMetric(String key, double value, long step) {
        hook(key);
        run.logMetric(key, value, step);
      }

      @Override
      public void setTag(String key, String value) {
        hook(key);
        run.setTag(key, value);
      }

      @Override
      public void logArtifact(Path localFile, String artifactDir) {
        run.logArtifact(localFile, artifactDir);
      }

      @Override
      public void writeArtifact(String artifactPath, byte[] bytes) {
        run.writeArtifact(artifactPath, bytes);
      }

      @Override
      public Optional<Path> artifactDirectory() {
        return run.artifactDirectory();
      }

      @Override
      public void end(RunStatus status) {
        run.end(status);
      }
    }
  }
}
