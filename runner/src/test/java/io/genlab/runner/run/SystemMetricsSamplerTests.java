package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.internal.FileStoreTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System metrics: MLflow's names from /proc, sampled on a thread at the training step, never failing a run. */
class SystemMetricsSamplerTests {
  @TempDir Path dir;

  private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

  /** A /proc-like folder with the given cpu line (user nice system idle iowait irq softirq steal). */
  private Path proc(String cpu, long rssKb) throws IOException {
    Path proc = dir.resolve("proc");
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("stat"), "cpu  " + cpu + " 0 0\ncpu0 1 2 3 4\nintr 5\n");
    Files.writeString(proc.resolve("meminfo"), String.join("\n",
        "MemTotal:        1000000 kB", "MemFree:          400000 kB", "MemAvailable:     700000 kB",
        "Buffers:           50000 kB", "Cached:           100000 kB", "SReclaimable:      50000 kB", ""));
    Files.writeString(proc.resolve("self/status"), String.join("\n",
        "Name:\tjava", "State:\tS (sleeping)", "VmSize:\t 2000000 kB", "VmHWM:\t  300000 kB",
        "VmRSS:\t  " + rssKb + " kB", "Threads:\t42", ""));
    return proc;
  }

  @Test
  void readingsAreMlflowsFiguresFromProc() throws IOException {
    AtomicLong nanos = new AtomicLong(0);
    AtomicLong cpuNanos = new AtomicLong(0);
    Path proc = proc("100 0 100 700 100 0 0 0", 250000);
    SystemReadings readings = new SystemReadings(proc, nanos::get, cpuNanos::get);
    assertThat(readings.read()).doesNotContainKeys("cpu_utilization_percentage", "process_cpu_percentage");
    proc("160 0 140 760 140 0 0 0", 250000); // +200 jiffies, of which +100 idle or iowait
    nanos.set(2_000_000_000L);
    cpuNanos.set(3_000_000_000L); // 1.5 cores busy
    Map<String, Double> figures = readings.read();
    assertThat(figures)
        .containsEntry("cpu_utilization_percentage", 50.0)
        // psutil: used = total - free - buffers - (cached + SReclaimable) = 400000 kB; 1 kB = 1024 bytes, MB = 1e6.
        .containsEntry("system_memory_usage_megabytes", 409.6)
        .containsEntry("system_memory_usage_percentage", 40.0)
        .containsEntry("process_cpu_percentage", 150.0)
        .containsEntry("process_memory_rss_megabytes", 256.0)
        .containsEntry("process_memory_percentage", 25.0)
        .containsEntry("process_memory_vms_megabytes", 2048.0)
        .containsEntry("process_threads", 42.0)
        .containsKey("jvm_heap_used_megabytes");
    assertThat(readings.problem()).isNull();
  }

  @Test
  void withoutProcOnlyTheJvmsFiguresAreReadAndTheProblemIsSaid() {
    SystemReadings readings = new SystemReadings(dir.resolve("no-proc"), System::nanoTime, () -> -1);
    assertThat(readings.read()).containsOnlyKeys("jvm_heap_used_megabytes");
    assertThat(readings.problem()).contains("no-proc").contains("cannot be read");
  }

  @Test
  void samplesAreLoggedEveryIntervalAtTheTrainingStepAndOnceMoreAtTheEnd() throws Exception {
    FileStoreTracker tracker = new FileStoreTracker(dir.resolve("store"));
    TrackedRun run = tracker.startRun("sys", "r", null);
    AtomicLong step = new AtomicLong(7);
    SystemMetricsSampler sampler = SystemMetricsSampler.start(run, step::get, Optional.of(Duration.ofMillis(20)),
        new SystemReadings(proc("1 0 1 7 1 0 0 0", 1000), System::nanoTime, () -> 0), console);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (tracker.metricHistory(run.runId(), "system/process_threads").size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    step.set(99);
    sampler.close();
    sampler.close(); // closing twice logs nothing more
    List<MetricPoint> threads = tracker.metricHistory(run.runId(), "system/process_threads");
    assertThat(threads.size()).isGreaterThanOrEqualTo(4);
    assertThat(threads.get(0).step()).isEqualTo(7);
    assertThat(threads.get(threads.size() - 1).step()).isEqualTo(99);
    assertThat(threads.stream().filter(p -> p.step() == 99)).hasSize(1);
    assertThat(tracker.run(run.runId()).orElseThrow().metrics()).containsKeys("system/system_memory_usage_megabytes",
        "system/system_memory_usage_percentage", "system/process_memory_rss_megabytes");
    int logged = threads.size();
    Thread.sleep(100);
    assertThat(tracker.metricHistory(run.runId(), "system/process_threads")).as("nothing after close").hasSize(logged);
    assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnreadableProcGivesOneWarningAndTheRunGoesOn() throws Exception {
    FileStoreTracker tracker = new FileStoreTracker(dir.resolve("store"));
    TrackedRun run = tracker.startRun("sys", "r", null);
    SystemMetricsSampler sampler = SystemMetricsSampler.start(run, () -> 1, Optional.of(Duration.ofMillis(10)),
        new SystemReadings(dir.resolve("no-proc"), System::nanoTime, () -> -1), console);
    Thread.sleep(100);
    sampler.close();
    assertThat(consoleBytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("warning:")))
        .hasSize(1).allMatch(l -> l.contains("/proc"));
    assertThat(tracker.metricHistory(run.runId(), "system/jvm_heap_used_megabytes")).isNotEmpty();
  }

  @Test
  void aStoreThatRefusesASampleStopsTheSamplerNotTheRun() throws Exception {
    FileStoreTracker tracker = new FileStoreTracker(dir.resolve("store"));
    TrackedRun run = tracker.startRun("sys", "r", null);
    // A file where the metrics folder should be: every metric write fails.
    Path metrics = dir.resolve("store/1/" + run.runId() + "/metrics");
    Files.delete(metrics);
    Files.writeString(metrics, "not a folder");
    SystemMetricsSampler sampler = SystemMetricsSampler.start(run, () -> 1, Optional.of(Duration.ofMillis(10)),
        new SystemReadings(dir.resolve("no-proc"), System::nanoTime, () -> -1), console);
    Thread.sleep(100);
    sampler.close();
    assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).contains("warning: system metrics stopped");
    assertThat(consoleBytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("stopped"))).hasSize(1);
  }

  @Test
  void turnedOffItLogsNothing() throws IOException {
    FileStoreTracker tracker = new FileStoreTracker(dir.resolve("store"));
    TrackedRun run = tracker.startRun("sys", "r", null);
    SystemMetricsSampler.start(run, () -> 1, Optional.empty(), console).close();
    assertThat(tracker.run(run.runId()).orElseThrow().metrics()).isEmpty();
  }

  @Test
  void theIntervalComesFromMlflowsVariables() {
    assertThat(SystemMetricsSampler.interval(Map.of())).contains(Duration.ofSeconds(10));
    assertThat(SystemMetricsSampler.interval(Map.of(SystemMetricsSampler.INTERVAL_VARIABLE, "0.5")))
        .contains(Duration.ofMillis(500));
    assertThat(SystemMetricsSampler.interval(Map.of(SystemMetricsSampler.ENABLE_VARIABLE, "false"))).isEmpty();
    assertThat(SystemMetricsSampler.interval(Map.of(SystemMetricsSampler.ENABLE_VARIABLE, "TRUE"))).isPresent();
    assertThatThrownBy(() -> SystemMetricsSampler.interval(Map.of(SystemMetricsSampler.INTERVAL_VARIABLE, "10s")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(SystemMetricsSampler.INTERVAL_VARIABLE).hasMessageContaining("'10s'")
        .hasMessageContaining("seconds between 0.01 and 86400");
    assertThatThrownBy(() -> SystemMetricsSampler.interval(Map.of(SystemMetricsSampler.INTERVAL_VARIABLE, "0")))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> SystemMetricsSampler.interval(Map.of(SystemMetricsSampler.ENABLE_VARIABLE, "maybe")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("true or false");
  }
}
