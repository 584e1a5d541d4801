package io.genlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.launch.LocalProcessLauncher;
import io.genlab.runner.launch.TrialHandle;
import io.genlab.runner.launch.TrialLauncher;
import io.genlab.runner.launch.TrialRequest;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps end to end with real trial processes: isolation of failing and crashing trials, the
 * parent/child structure the MLflow UI nests, and re-runs that keep ended trials and continue the rest.
 */
class SweepRunTests {
  private static final PluginRegistry REGISTRY = PluginRegistry.discover();
  @TempDir Path dir;

  /** The local launcher, except that the trials whose number is in {@code crash} die at once with SIGKILL. */
  private static final class CountingLauncher implements TrialLauncher {
    final AtomicInteger launches = new AtomicInteger();
    private final TrialLauncher local = new LocalProcessLauncher();
    private final List<Integer> crash;

    CountingLauncher(List<Integer> crash) {
      this.crash = crash;
    }

    @Override
    public TrialHandle launch(TrialRequest request) throws IOException {
      if (crash.contains(launches.getAndIncrement())) {
        return TrialHandle.of(new ProcessBuilder("sh", "-c", "kill -9 $$").start());
      }
      return local.launch(request);
    }

    @Override
    public String describe() {
      return "test launcher";
    }
  }

  private SweepPlan plan(Path store) throws IOException {
    Path spec = dir.resolve("sweep.yaml");
    Files.writeString(spec, """
        experiment: sweeps
        seed: 1
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: 2, batchSize: 16, logEvery: 1}
        metrics: [test-elbo]
        tracking: {uri: '%s'}
        sweep:
          name: lr-sweep
          parallel: 2
          grid:
            training.optimizer.learningRate: [1.0e-3, 1.0e+30]
          seeds: [1, 2]
          objective: {metric: test/neg_elbo}
          trialJvmOptions: [-Xmx1g]
        """.formatted(store));
    return SweepPlan.resolve(REGISTRY, spec, List.of(), 2);
  }

  private SweepRunner.Outcome sweep(SweepPlan plan, TrialLauncher launcher, Tracker tracker) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      return new SweepRunner(launcher, out).run(plan, tracker, dir.resolve("logs"));
    }
  }

  @Test
  void failingAndCrashingTrialsDoNotStopTheSweepAndARerunContinuesOnlyTheCrashedOne() throws Exception {
    Path store = dir.resolve("mlruns");
    SweepPlan plan = plan(store);
    Tracker tracker = Trackers.open(store.toString());
    CountingLauncher crashFirst = new CountingLauncher(List.of(0));

    SweepRunner.Outcome first = sweep(plan, crashFirst, tracker);

    assertThat(crashFirst.launches.get()).isEqualTo(4);
    Map<Integer, SweepRunner.TrialState> states = first.results().stream().collect(Collectors.toMap(
        r -> r.trial().trial().index(), SweepRunner.TrialResult::state));
    // Trials 0, 1: lr 1e-3 with seeds 1, 2 (0 crashed); 2, 3: lr 1e30, which diverges.
    assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of(0, SweepRunner.TrialState.FAILED,
        1, SweepRunner.TrialState.FINISHED, 2, SweepRunner.TrialState.FAILED, 3, SweepRunner.TrialState.FAILED));
    assertThat(first.allSucceeded()).isFalse();
    Map<Integer, RunInfo> children = children(tracker, first.parentRunId());
    assertThat(children.get(0).tags()).containsKey(SweepRunner.CRASH_TAG);
    assertThat(children.get(2).tags().get("genlab.failure")).contains("became", "iteration");
    assertThat(children.get(2).tags()).doesNotContainKey(SweepRunner.CRASH_TAG);
    assertThat(first.summary()).contains("| trial | training.optimizer.learningRate | seed | status |",
        "best test/neg\\_elbo (min)", "3 trials failed");

    CountingLauncher plain = new CountingLauncher(List.of());
    SweepRunner.Outcome second = sweep(plan, plain, tracker);

    assertThat(plain.launches.get()).as("only the crashed trial runs again").isEqualTo(1);
    assertThat(second.parentRunId()).isEqualTo(first.parentRunId());
    Map<Integer, RunInfo> after = children(tracker, first.parentRunId());
    assertThat(after).hasSize(4);
    assertThat(after.get(0).runId()).isEqualTo(children.get(0).runId());
    assertThat(after.get(0).status()).isEqualTo(RunStatus.FINISHED);
    assertThat(after.get(1).endTime()).isEqualTo(children.get(1).endTime());
    // Seeds 1 and 2 differ, so the trials are not the same run twice.
    assertThat(after.get(0).metrics().get("test/neg_elbo")).isNotEqualTo(after.get(1).metrics().get("test/neg_elbo"));
    // The continued trial's second process logs to a file of its own, named by the trial and the attempt.
    Path logs = store.resolve("1").resolve(after.get(0).runId()).resolve("artifacts/logs");
    assertThat(logs.resolve("trial-0-attempt-2.log")).content().contains("run " + after.get(0).runId() + " FINISHED");
  }

  @Test
  void theStoreHoldsTheParentAndChildRunsTheMlflowUiNests() throws Exception {
    Path store = dir.resolve("mlruns");
    SweepPlan plan = plan(store);
    Tracker tracker = Trackers.open(store.toString());
    SweepRunner.Outcome outcome = sweep(plan, new CountingLauncher(List.of()), tracker);

    Path experiment = store.resolve("1");
    Path parent = experiment.resolve(outcome.parentRunId());
    assertThat(parent.resolve("tags/mlflow.parentRunId")).doesNotExist();
    assertThat(parent.resolve("tags/mlflow.runName")).hasContent("lr-sweep");
    assertThat(parent.resolve("artifacts/sweep/sweep.yaml")).exists();
    assertThat(parent.resolve("artifacts/sweep/summary.md")).exists();
    // The HTML report of the sweep's trials: one scatter per swept param against the objective.
    assertThat(parent.resolve("artifacts/" + SweepReport.ARTIFACT)).content().contains("class=\"chart\" id=\"sweep-0\"")
        .contains("trial");
    assertThat(parent.resolve("metrics/best/test/neg_elbo")).exists();
    assertThat(Files.readString(parent.resolve("meta.yaml"))).contains("status: 3");
    List<Path> runs;
    try (var list = Files.list(experiment)) {
      runs = list.filter(p -> Files.exists(p.resolve("meta.yaml")) && !p.equals(parent)).toList();
    }
    assertThat(runs).hasSize(4);
    for (Path child : runs) {
      assertThat(child.resolve("tags/mlflow.parentRunId")).hasContent(outcome.parentRunId());
      assertThat(child.resolve("params/training.optimizer.learningRate")).exists();
      assertThat(child.resolve("artifacts/spec/resolved.yaml")).exists();
      // Each trial's console output is named by its trial and holds only that trial's run.
      String index = Files.readString(child.resolve("tags/" + SweepRunner.TRIAL_INDEX_TAG));
      try (var logs = Files.list(child.resolve("artifacts/logs"))) {
        assertThat(logs.map(p -> p.getFileName().toString())).containsExactly("trial-" + index + ".log");
      }
      assertThat(child.resolve("artifacts/logs/trial-" + index + ".log")).content()
          .contains("starting run " + child.getFileName());
    }
  }

  /** Trials that ignore SIGTERM (a trial stuck in a long step): the sweep must kill them after its grace period. */
  private static final class DeafLauncher implements TrialLauncher {
    final AtomicInteger launches = new AtomicInteger();

    @Override
    public TrialHandle launch(TrialRequest request) throws IOException {
      launches.incrementAndGet();
      return TrialHandle.of(new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 60").start());
    }

    @Override
    public String describe() {
      return "deaf trials";
    }
  }

  @Test
  void aStoppedSweepKillsTrialsThatDoNotStopAndEndsEveryRunKilled() throws Exception {
    Path store = dir.resolve("mlruns");
    SweepPlan plan = plan(store);
    Tracker tracker = Trackers.open(store.toString());
    DeafLauncher deaf = new DeafLauncher();
    SweepRunner runner = new SweepRunner(deaf, silent(), java.time.Duration.ofMillis(500));
    java.util.concurrent.CompletableFuture<SweepRunner.Outcome> sweep = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> {
          try {
            return runner.run(plan, tracker, dir.resolve("logs"));
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (deaf.launches.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(deaf.launches.get()).as("two trials in parallel").isEqualTo(2);

    long stop = System.nanoTime();
    runner.requestStop();
    SweepRunner.Outcome outcome = sweep.get(20, java.util.concurrent.TimeUnit.SECONDS);

    assertThat((System.nanoTime() - stop) / 1e9).as("seconds to stop").isLessThan(10);
    assertThat(deaf.launches.get()).as("no trial launched after the stop").isEqualTo(2);
    assertThat(outcome.stopped()).isTrue();
    assertThat(tracker.run(outcome.parentRunId()).orElseThrow().status()).isEqualTo(RunStatus.KILLED);
    Map<Integer, RunInfo> children = children(tracker, outcome.parentRunId());
    assertThat(children).hasSize(2);
    assertThat(children.values()).allSatisfy(child -> {
      assertThat(child.status()).isEqualTo(RunStatus.KILLED);
      assertThat(child.tags().get("genlab.killed")).contains("the sweep was stopped");
      assertThat(child.tags()).doesNotContainKey(SweepRunner.CRASH_TAG);
    });
    assertThat(outcome.results()).extracting(SweepRunner.TrialResult::state).containsExactly(
        SweepRunner.TrialState.KILLED, SweepRunner.TrialState.KILLED, SweepRunner.TrialState.NOT_STARTED,
        SweepRunner.TrialState.NOT_STARTED);
  }

  @Test
  void countTagsAndLogNamesFromTheStoreCannotCrashOrEscape() {
    assertThat(SweepRunner.count("3")).isEqualTo(3);
    assertThat(SweepRunner.count(null)).isZero();
    assertThat(SweepRunner.count("-2")).isZero();
    assertThat(SweepRunner.count("99999999999")).isZero();
    assertThat(SweepRunner.count("x")).isZero();
    Path folder = dir.resolve("logs").resolve("run1");
    assertThat(SweepRunner.logFile(folder, 7, 1)).isEqualTo(folder.resolve("trial-7.log"));
    assertThat(SweepRunner.logFile(folder, 7, 2)).isEqualTo(folder.resolve("trial-7-attempt-2.log"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SweepRunner.logFile(folder, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Records each trial's request; its "process" exits at once without ending its run. */
  private static final class RecordingLauncher implements TrialLauncher {
    final List<TrialRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public TrialHandle launch(TrialRequest request) throws IOException {
      requests.add(request);
      return TrialHandle.of(new ProcessBuilder("true").start());
    }

    @Override
    public String describe() {
      return "recording launcher";
    }
  }

  @Test
  void everyTrialLogsToAFileOfItsOwnNamedByItsTrial() throws Exception {
    Path store = dir.resolve("mlruns");
    SweepPlan plan = plan(store);
    Tracker tracker = Trackers.open(store.toString());
    RecordingLauncher launcher = new RecordingLauncher();

    SweepRunner.Outcome outcome = sweep(plan, launcher, tracker);
    sweep(plan, launcher, tracker); // the crashed trials are continued: second attempts

    Map<Integer, RunInfo> children = children(tracker, outcome.parentRunId());
    assertThat(launcher.requests).hasSize(8);
    assertThat(launcher.requests.stream().map(TrialRequest::logFile).distinct()).hasSize(8);
    for (TrialRequest request : launcher.requests) {
      int index = children.entrySet().stream().filter(e -> e.getValue().runId().equals(request.runId()))
          .findFirst().orElseThrow().getKey();
      assertThat(request.logFile().getParent()).isEqualTo(store.resolve("1").resolve(request.runId())
          .resolve("artifacts/logs"));
      assertThat(request.logFile().getFileName().toString()).isIn("trial-" + index + ".log",
          "trial-" + index + "-attempt-2.log");
    }
  }

  @Test
  void aSweepThatFailsItselfEndsItsParentFailedAndLeavesNoRunRunning() throws Exception {
    Path store = dir.resolve("mlruns");
    SweepPlan plan = plan(store);
    Tracker tracker = Trackers.open(store.toString());
    TrialLauncher broken = new TrialLauncher() {
      @Override
      public TrialHandle launch(TrialRequest request) {
        throw new IllegalStateException("launcher defect");
      }

      @Override
      public String describe() {
        return "broken launcher";
      }
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sweep(plan, broken, tracker))
        .hasMessage("launcher defect");
    List<RunInfo> runs = tracker.runs("sweeps");
    assertThat(runs).isNotEmpty().noneMatch(r -> r.status() == RunStatus.RUNNING);
    RunInfo parent = runs.stream().filter(r -> !r.tags().containsKey(RunTags.PARENT_RUN_ID)).findFirst().orElseThrow();
    assertThat(parent.status()).isEqualTo(RunStatus.FAILED);
    assertThat(parent.tags().get("genlab.failure")).contains("launcher defect");
  }

  /**
   * A scheduler's launcher whose tasks never start: it records each trial's run status when the trials are
   * submitted, and its tasks end only when stopped (as scancel ends pending tasks).
   */
  private static final class QueueingLauncher implements TrialLauncher {
    final Tracker tracker;
    final List<String> launched = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, RunStatus> atSubmission = new java.util.concurrent.ConcurrentHashMap<>();

    QueueingLauncher(Tracker tracker) {
      this.tracker = tracker;
    }

    @Override
    public TrialHandle launch(TrialRequest request) {
      launched.add(request.runId());
      java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();
      return new TrialHandle() {
        @Override
        public java.util.concurrent.CompletableFuture<Integer> exit() {
          return exit;
        }

        @Override
        public void stop() {
          exit.complete(0); // a pending task cancelled: its batch script never ran
        }

        @Override
        public void kill() {
          stop();
        }
      };
    }

    @Override
    public boolean queues() {
      return true;
    }

    @Override
    public java.util.Optional<Submission> submit() {
      launched.forEach(id -> atSubmission.put(id, tracker.run(id).orElseThrow().status()));
      return java.util.Optional.of(new Submission("4242", "#!/bin/bash\n", null));
    }

    @Override
    public boolean detachable() {
      return true;
    }

    @Override
    public String describe() {
      return "queueing launcher";
    }
  }

  @Test
  void queuedTrialsAreScheduledNotRunningUntilTheirTasksStartAndACancelEndsThemKilled() throws Exception {
    Path store = dir.resolve("mlruns");
    SweepPlan plan = plan(store);
    Tracker tracker = Trackers.open(store.toString());
    QueueingLauncher queue = new QueueingLauncher(tracker);
    SweepRunner.Outcome detached = new SweepRunner(queue, silent()).detached().run(plan, tracker, dir.resolve("logs"));

    assertThat(detached.detached()).isTrue();
    assertThat(queue.launched).as("every trial at once, whatever the parallelism").hasSize(4);
    assertThat(queue.atSubmission.values()).as("marked before submission, so a task that starts at once is not "
        + "marked back").containsOnly(RunStatus.SCHEDULED);
    Map<Integer, RunInfo> queued = children(tracker, detached.parentRunId());
    assertThat(queued.values()).extracting(RunInfo::status).containsOnly(RunStatus.SCHEDULED);
    assertThat(queued.values()).allSatisfy(r -> assertThat(r.endTime()).isNull());

    // A task starts: genlab trial reopens its run.
    tracker.openRun(queued.get(0).runId()).end(RunStatus.FINISHED);
    // The others are cancelled while pending (genlab sweep cancel): their tasks end, their runs never started.
    SweepRunner concluding = SweepRunner.concluding(silent());
    concluding.requestStop();
    Map<String, Integer> exits = queued.values().stream().collect(Collectors.toMap(RunInfo::runId, r -> 0));
    SweepRunner.Outcome cancelled = concluding.conclude(plan, tracker, exits).orElseThrow();

    Map<Integer, RunInfo> after = children(tracker, detached.parentRunId());
    assertThat(after.get(0).status()).isEqualTo(RunStatus.FINISHED);
    for (int index = 1; index < 4; index++) {
      assertThat(after.get(index).status()).as("trial %d", index).isEqualTo(RunStatus.KILLED);
      assertThat(after.get(index).tags().get("genlab.killed")).contains("before the trial's task started");
    }
    assertThat(tracker.run(cancelled.parentRunId()).orElseThrow().status()).isEqualTo(RunStatus.KILLED);
  }

  /** A console nobody reads. */
  private static PrintStream silent() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static Map<Integer, RunInfo> children(Tracker tracker, String parentRunId) {
    return tracker.runs("sweeps").stream()
        .filter(r -> parentRunId.equals(r.tags().get(RunTags.PARENT_RUN_ID)))
        .collect(Collectors.toMap(r -> Integer.parseInt(r.tags().get(SweepRunner.TRIAL_INDEX_TAG)), Function.identity()));
  }
}
