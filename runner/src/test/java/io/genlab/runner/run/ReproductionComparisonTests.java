package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.tracking.RunInfo;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.internal.FileStoreTracker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reproductions and resumes compare results, not the machine: system metrics stay out of both. */
class ReproductionComparisonTests {
  @TempDir Path dir;

  @Test
  void runsThatDifferOnlyInSystemMetricsAreIdentical() {
    Tracker tracker = new FileStoreTracker(dir.resolve("store"));
    TrackedRun a = tracker.startRun("r", "a", null);
    TrackedRun b = tracker.startRun("r", "b", null);
    for (TrackedRun run : List.of(a, b)) {
      run.logMetric("loss", 0.5, 1);
      run.logMetric("loss", 0.25, 2);
    }
    a.logMetric("system/cpu_utilization_percentage", 12.5, 1);
    a.logMetric("system/process_memory_rss_megabytes", 300, 2);
    b.logMetric("system/cpu_utilization_percentage", 80, 2);
    b.logMetric("system/jvm_heap_used_megabytes", 40, 2);
    List<Reproduction.MetricComparison> comparisons = Reproduction.compare(tracker, a.runId(), b.runId());
    assertThat(comparisons).extracting(Reproduction.MetricComparison::key).containsExactly("loss");
    assertThat(comparisons).allMatch(c -> c.verdict() == Reproduction.Verdict.IDENTICAL);
    assertThat(Reproduction.comparable("system/cpu_utilization_percentage")).isFalse();
    assertThat(Reproduction.comparable("perf/train_seconds")).isFalse();
    assertThat(Reproduction.comparable("systematic/error")).isTrue();
  }

  @Test
  void aResumedRunKeepsEverySystemSampleButDropsReplayedSteps() {
    Tracker tracker = new FileStoreTracker(dir.resolve("store"));
    TrackedRun first = tracker.startRun("r", "a", null);
    first.logMetric("loss", 0.5, 10);
    first.logMetric("system/cpu_utilization_percentage", 20, 10);
    RunInfo info = tracker.run(first.runId()).orElseThrow();
    TrackedRun resumed = ContinuedRun.open(tracker, info);
    resumed.logMetric("loss", 0.5, 10); // replayed from the checkpoint: already there
    resumed.logMetric("system/cpu_utilization_percentage", 30, 10); // a new sample of the machine
    resumed.logMetric("loss", 0.4, 11);
    assertThat(tracker.metricHistory(first.runId(), "loss")).hasSize(2);
    assertThat(tracker.metricHistory(first.runId(), "system/cpu_utilization_percentage")).hasSize(2);
    resumed.logInputs(List.of(DataInputs.input("d", DataInputs.TRAIN, List.of(),
        new io.genlab.api.Examples(new io.genlab.api.DataInfo(new long[] {1}, 0, 1, false, 0), new float[] {0}, null, 1))));
    assertThat(tracker.datasetInputs(first.runId())).hasSize(1);
  }
}
