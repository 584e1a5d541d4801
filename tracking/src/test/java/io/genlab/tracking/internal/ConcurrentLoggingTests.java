package io.genlab.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run logged to from two threads at once (training and a system-metrics sampler) keeps every point once. */
class ConcurrentLoggingTests {
  private static final int POINTS = 400;

  @TempDir Path tmp;

  @Test
  void twoThreadsLoggingToOneRunRecordEveryPointOnceInWellFormedFiles() throws Exception {
    FileStoreTracker tracker = new FileStoreTracker(tmp.resolve("store"));
    TrackedRun run = tracker.startRun("concurrent", "r", null);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> training = threads.submit(() -> {
        start.await();
        for (int i = 0; i < POINTS; i++) {
          run.logMetric("loss", i, i);
          run.logMetric("shared", i, 2L * i);
          run.setTag("progress", "iteration " + i);
          run.setTag("mlflow.runName", "training-" + i);
          run.logParam("p" + i, "v" + i);
        }
        return null;
      });
      Future<?> sampler = threads.submit(() -> {
        start.await();
        for (int i = 0; i < POINTS; i++) {
          run.logMetric("system/cpu_utilization_percentage", i, i);
          run.logMetric("shared", i, 2L * i + 1);
          // The name lives in a tag and in meta.yaml: unserialised, the two threads' writes interleave.
          run.setTag("mlflow.runName", "sampler-" + i);
        }
        return null;
      });
      start.countDown();
      training.get(60, TimeUnit.SECONDS);
      sampler.get(60, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    run.end(RunStatus.FINISHED);

    List<Long> steps = LongStream.range(0, POINTS).boxed().toList();
    assertThat(tracker.metricHistory(run.runId(), "loss")).extracting(MetricPoint::step).containsExactlyElementsOf(steps);
    assertThat(tracker.metricHistory(run.runId(), "system/cpu_utilization_percentage")).extracting(MetricPoint::step)
        .containsExactlyElementsOf(steps);
    assertThat(tracker.metricHistory(run.runId(), "shared")).extracting(MetricPoint::step)
        .hasSize(2 * POINTS).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 2L * POINTS).boxed().toList());
    RunInfo info = tracker.run(run.runId()).orElseThrow();
    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(info.params()).hasSize(POINTS).containsEntry("p0", "v0");
    assertThat(info.tags()).containsEntry("progress", "iteration " + (POINTS - 1));
    assertThat(info.tags().get("mlflow.runName")).isIn("training-" + (POINTS - 1), "sampler-" + (POINTS - 1))
        .isEqualTo(info.runName());
    // Reopening parses meta.yaml and every metric file whole: nothing half-written or interleaved.
    assertThat(tracker.openRun(run.runId()).runId()).isEqualTo(run.runId());
    assertThat(FileStoreGoldenTests.tree(tmp.resolve("store"))).noneMatch(p -> p.contains(AtomicFiles.TEMP_PREFIX));
    assertThat(Map.copyOf(info.metrics())).containsKeys("loss", "shared", "system/cpu_utilization_percentage");
  }

  @Test
  void aWriteWaitsWhileAnotherHoldsTheRun() throws Exception {
    // Two writes to one run are serialised on the run: a param's check-then-write and meta.yaml's
    // read-change-write would otherwise interleave (too rarely for the test above to catch each time).
    TrackedRun run = new FileStoreTracker(tmp.resolve("locked")).startRun("concurrent", "r", null);
    for (Runnable write : List.<Runnable>of(() -> run.logMetric("m", 1, 1), () -> run.setTag("t", "v"),
        () -> run.logParam("p", "v"), () -> run.setTag("mlflow.runName", "n"), () -> run.end(RunStatus.FINISHED),
        () -> run.writeArtifact("a.txt", new byte[] {1}), () -> run.logInputs(List.of()))) {
      CountDownLatch done = new CountDownLatch(1);
      Thread writer = new Thread(() -> {
        write.run();
        done.countDown();
      });
      synchronized (run) {
        writer.start();
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).as("a write while the run is held").isFalse();
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
