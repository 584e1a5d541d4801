package io.genlab.runner.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genlab.runner.badinput.CliRun;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import io.genlab.tracking.testkit.FakeMlflowServer;
import io.genlab.tracking.testkit.RunSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slurm sweeps against a real Slurm (experiments/slurm/start-cluster.sh starts a one-machine cluster; CI does):
 * a grid as one job array equal to the same sweep run locally, a task requeued mid-run that resumes to the
 * same numbers, ASHA ending tasks early, {@code --detach} then {@code status} and {@code cancel}, and bad
 * options refused before anything is submitted. Skipped where no cluster answers, unless GENLAB_SLURM_REQUIRED
 * is set (as .ci/run sets it): then a missing cluster fails them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SlurmSweepIntegrationTests {
  /** The time-limit test's experiment: experiment name, epochs and store to fill in, a sweep section to add. */
  private static final String LIMITED = """
      experiment: %s
      seed: 1
      threads: 1
      data: {name: shapes, config: {trainSize: 4096, testSize: 64, size: 16}}
      model: {name: mlp-vae, config: {hiddenSizes: [512, 512], latentDim: 2}}
      loss: elbo
      training: {epochs: %d, batchSize: 16, logEvery: 64}
      metrics: [test-elbo]
      tracking: {uri: '%s'}
      """;

  @TempDir
  Path dir;

  @BeforeAll
  static void clusterAnswers() throws Exception {
    boolean answers;
    try {
      Process sinfo = new ProcessBuilder("sinfo", "-h", "-o", "%t").redirectErrorStream(true).start();
      answers = sinfo.waitFor(20, TimeUnit.SECONDS) && sinfo.exitValue() == 0
          && new String(sinfo.getInputStream().readAllBytes()).strip().matches("(?s).*(idle|mix|alloc).*");
    } catch (IOException e) {
      answers = false;
    }
    if (System.getenv("GENLAB_SLURM_REQUIRED") != null) {
      assertThat(answers).as("GENLAB_SLURM_REQUIRED is set but no Slurm cluster answers sinfo with an idle node; "
          + "start one with experiments/slurm/start-cluster.sh").isTrue();
    }
    assumeTrue(answers, "no Slurm cluster answers here (start one with experiments/slurm/start-cluster.sh)");
  }

  private Path spec(String name, int epochs, String sweep) throws IOException {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, """
        experiment: slurm-sweeps
        seed: 1
        threads: 1
        data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}
        model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}
        loss: elbo
        training: {epochs: %d, batchSize: 16, logEvery: 1}
        metrics: [test-elbo]
        tracking: {uri: '%s'}
        sweep:
          name: %s
          trialJvmOptions: [-Xmx1g]
        %s
        """.formatted(epochs, dir.resolve("mlruns"), name, sweep.indent(2)));
    return spec;
  }

  private CliRun genlab(String... args) {
    return CliRun.of(args);
  }

  private Tracker store() {
    return Trackers.open(dir.resolve("mlruns").toString());
  }

  /** The runs of the tests' experiment, none before the first sweep created it. */
  private static List<RunInfo> runs(Tracker tracker) {
    return tracker.experimentNames().contains("slurm-sweeps") ? tracker.runs("slurm-sweeps") : List.of();
  }

  private static Map<Integer, RunInfo> trials(Tracker tracker, String parent) {
    return runs(tracker).stream().filter(r -> parent.equals(r.tags().get("mlflow.parentRunId")))
        .collect(Collectors.toMap(r -> Integer.parseInt(r.tags().get("genlab.trial.index")), r -> r, (a, b) -> a,
            TreeMap::new));
  }

  private static RunInfo parent(Tracker tracker, String sweep) {
    return runs(tracker).stream().filter(r -> sweep.equals(r.tags().get("genlab.sweep.name"))
        && !r.tags().containsKey("mlflow.parentRunId")).findFirst().orElseThrow();
  }

  /** Every metric history but timings and system readings, which differ between any two runs. */
  private static Map<String, List<String>> histories(Tracker tracker, RunInfo run) {
    Map<String, List<String>> out = new TreeMap<>();
    run.metrics().keySet().stream().filter(k -> !k.startsWith("perf/") && !k.startsWith("system/"))
        .forEach(k -> out.put(k, tracker.metricHistory(run.runId(), k).stream()
            .map(p -> p.step() + ":" + Double.doubleToLongBits(p.value())).toList()));
    return out;
  }

  private static void await(String what, Duration timeout, Supplier<Boolean> done) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.get()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
      Thread.sleep(500);
    }
  }

  private static String slurm(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  @Test
  void aGridRunsAsOneJobArrayAndEqualsTheSameSweepRunLocally() throws Exception {
    Path spec = spec("grid", 2, """
        launcher: slurm
        parallel: 2
        grid: {model.config.latentDim: [2, 3]}
        seeds: [1, 2]
        objective: {metric: test/neg_elbo}
        """);
    CliRun run = genlab("sweep", spec.toString(), "--log-dir", dir.resolve("logs").toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err()).contains("submitted job array", "4 tasks, 2 at a time", "RUNNING on", "COMPLETED");
    try (Tracker tracker = store()) {
      RunInfo parent = parent(tracker, "grid");
      assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
      String job = parent.tags().get("genlab.sweep.job");
      assertThat(job).matches("[0-9]+");
      assertThat(new String(tracker.readArtifact(parent.runId(), "sweep/job-" + job + ".sh").orElseThrow()))
          .contains("#SBATCH --array=0-3%2", "#SBATCH --cpus-per-task=1", "#SBATCH --signal=B:USR1@120");
      Map<Integer, RunInfo> slurm = trials(tracker, parent.runId());
      assertThat(slurm).hasSize(4);
      for (RunInfo t : slurm.values()) {
        assertThat(t.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(t.tags()).containsEntry("genlab.slurm.array_job_id", job)
            .containsEntry("genlab.slurm.array_task_id", t.tags().get("genlab.trial.index"));
      }

      // The same sweep as local processes: every logged number is the same, bit for bit.
      CliRun local = genlab("sweep", spec.toString(), "--set", "sweep.launcher=local", "--set", "sweep.name=grid-local",
          "--set", "sweep.threadsPerTrial=1");
      assertThat(local.code()).as(local.toString()).isZero();
      Map<Integer, RunInfo> locally = trials(tracker, parent(tracker, "grid-local").runId());
      for (int i = 0; i < 4; i++) {
        assertThat(histories(tracker, slurm.get(i))).as("trial " + i).isEqualTo(histories(tracker, locally.get(i)));
      }
    }
  }

  @Test
  void aTaskRequeuedMidRunResumesInItsRunToTheUninterruptedNumbers() throws Exception {
    Path spec = spec("requeue", 300, """
        launcher: slurm
        seeds: [7]
        """);
    CompletableFuture<CliRun> sweep = CompletableFuture.supplyAsync(() -> genlab("sweep", spec.toString(),
        "--log-dir", dir.resolve("logs").toString()));
    try (Tracker tracker = store()) {
      await("the trial to train", Duration.ofMinutes(3), () -> runs(tracker).stream()
          .anyMatch(r -> r.tags().containsKey("mlflow.parentRunId") && r.metrics().containsKey("epoch/loss/neg_elbo")
              && tracker.metricHistory(r.runId(), "epoch/loss/neg_elbo").size() >= 20));
      RunInfo trial = runs(tracker).stream().filter(r -> r.tags().containsKey("mlflow.parentRunId"))
          .findFirst().orElseThrow();
      String task = trial.tags().get("genlab.slurm.job_id");
      // As the scheduler does on preemption: requeue the running task. The trial checkpoints and stops; the
      // requeued task starts again after its begin time (cred_expire: 10 s on the test cluster).
      slurm("scontrol", "requeue", task);
      CliRun run = sweep.get(8, TimeUnit.MINUTES);
      assertThat(run.code()).as(run.toString()).isZero();
      RunInfo resumed = tracker.run(trial.runId()).orElseThrow();
      assertThat(resumed.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(resumed.tags()).containsEntry("genlab.slurm.restart_count", "1");
      assertThat(tracker.metricHistory(trial.runId(), "epoch/loss/neg_elbo")).hasSize(300);

      CliRun uninterrupted = genlab("sweep", spec.toString(), "--set", "sweep.launcher=local", "--set",
          "sweep.name=requeue-local", "--set", "sweep.threadsPerTrial=1");
      assertThat(uninterrupted.code()).as(uninterrupted.toString()).isZero();
      RunInfo reference = trials(tracker, parent(tracker, "requeue-local").runId()).get(0);
      assertThat(histories(tracker, resumed)).isEqualTo(histories(tracker, reference));
    }
  }

  @Test
  void ashaEndsTheTasksOfTrialsItStops() throws Exception {
    Path spec = spec("asha", 4, """
        launcher: slurm
        parallel: 1
        grid: {training.optimizer.learningRate: [1.0e-2, 1.0e-6, 1.0e-7, 1.0e-8]}
        asha: {metric: epoch/loss/neg_elbo, minEpochs: 1, reductionFactor: 2}
        """);
    CliRun run = genlab("sweep", spec.toString(), "--log-dir", dir.resolve("logs").toString());

    assertThat(run.code()).as(run.toString()).isZero();
    try (Tracker tracker = store()) {
      Map<Integer, RunInfo> trials = trials(tracker, parent(tracker, "asha").runId());
      List<RunInfo> stopped = trials.values().stream().filter(r -> r.tags().containsKey("genlab.early_stopped"))
          .toList();
      assertThat(stopped).as("ASHA stops the trials with the tiny learning rates").isNotEmpty();
      for (RunInfo r : stopped) {
        assertThat(tracker.metricHistory(r.runId(), "epoch/loss/neg_elbo").size()).isLessThan(4);
      }
      assertThat(run.err()).contains("EARLY_STOPPED");
    }
  }

  @Test
  void detachedSweepsAreFollowedWithStatusAndStoppedWithCancel() throws Exception {
    Path spec = spec("detached", 2, """
        launcher: slurm
        parallel: 2
        seeds: [1, 2]
        """);
    CliRun submit = genlab("sweep", spec.toString(), "--detach", "--log-dir", dir.resolve("logs").toString());
    assertThat(submit.code()).as(submit.toString()).isZero();
    assertThat(submit.out()).contains("follow it with: genlab sweep status");
    try (Tracker tracker = store()) {
      assertThat(parent(tracker, "detached").status()).isEqualTo(RunStatus.RUNNING);
      CliRun status = genlab("sweep", "status", spec.toString());
      assertThat(status.code()).as(status.toString()).isZero();
      assertThat(status.out()).contains("Slurm job array", "2 trials: ");
      // Nobody watches: the job submitted after the array ends the parent with the summary.
      await("the concluding job to end the parent", Duration.ofMinutes(4),
          () -> parent(tracker, "detached").status() == RunStatus.FINISHED);
      assertThat(tracker.readArtifact(parent(tracker, "detached").runId(), "sweep/summary.md")).isPresent();
      assertThat(trials(tracker, parent(tracker, "detached").runId()).values()).extracting(RunInfo::status)
          .containsOnly(RunStatus.FINISHED);
    }
    CliRun after = genlab("sweep", "status", spec.toString());
    assertThat(after.out()).contains("2 trials: 2 COMPLETED").doesNotContain("the job array is over");

    Path longer = spec("cancelled", 3000, """
        launcher: slurm
        parallel: 1
        seeds: [1, 2]
        """);
    assertThat(genlab("sweep", longer.toString(), "--detach", "--log-dir", dir.resolve("logs").toString()).code())
        .isZero();
    try (Tracker tracker = store()) {
      await("the first trial to train", Duration.ofMinutes(3), () -> runs(tracker).stream()
          .anyMatch(r -> r.runName().startsWith("cancelled") && r.metrics().containsKey("epoch/loss/neg_elbo")));
      assertThat(trials(tracker, parent(tracker, "cancelled").runId()).values()).extracting(RunInfo::status)
          .as("one task at a time: the second trial waits in the queue").containsExactlyInAnyOrder(RunStatus.RUNNING,
              RunStatus.SCHEDULED);
      CliRun again = genlab("sweep", longer.toString(), "--log-dir", dir.resolve("logs").toString());
      assertThat(again.code()).as("a second array would run the same trials twice").isEqualTo(2);
      assertThat(again.err()).contains("still has 2 tasks of its job array", "genlab sweep cancel");
      CliRun cancel = genlab("sweep", "cancel", longer.toString());
      assertThat(cancel.code()).as(cancel.toString()).isZero();
      RunInfo parent = parent(tracker, "cancelled");
      assertThat(parent.status()).isEqualTo(RunStatus.KILLED);
      assertThat(trials(tracker, parent.runId()).values()).extracting(RunInfo::status)
          .containsOnly(RunStatus.KILLED);
    }
  }

  @Test
  void badOptionsAreRefusedBeforeAnythingIsSubmitted() throws Exception {
    Path spec = spec("refused", 1, """
        launcher: slurm
        seeds: [1]
        """);
    CliRun partition = genlab("sweep", spec.toString(), "--set", "sweep.slurm.partition=nosuch");
    assertThat(partition.code()).as(partition.toString()).isEqualTo(2);
    assertThat(partition.err()).contains("sweep.slurm", "sbatch refuses", "nosuch").doesNotContain("\tat ");
    CliRun option = genlab("sweep", spec.toString(), "--set", "sweep.slurm.options.output=/etc/x");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("sweep.slurm.options.output", "allowed: constraint");
    CliRun dryRun = genlab("sweep", spec.toString(), "--dry-run", "--log-dir", dir.resolve("logs").toString());
    assertThat(dryRun.code()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).contains("1 trials");
    assertThat(slurm("squeue", "-h", "-n", "genlab-refused")).isBlank();
    assertThat(dir.resolve("mlruns")).doesNotExist();
  }

  @Test
  void tasksReachATrackingServerAndTheirLogsEndUpInTheirRuns() throws Exception {
    try (FakeMlflowServer server = new FakeMlflowServer().start()) {
      Path spec = spec("served", 1, """
          launcher: slurm
          parallel: 2
          grid: {model.config.latentDim: [2, 3]}
          """);
      // An experiment of its own: the module's spool (target/test-spool) outlives a build, and a server of an
      // earlier build may have had the same port.
      String experiment = "served-" + java.util.UUID.randomUUID();
      CliRun run = genlab("sweep", spec.toString(), "--set", "tracking.uri=" + server.uri(), "--set",
          "experiment=" + experiment, "--log-dir", dir.resolve("logs").toString());
      assertThat(run.code()).as(run.toString()).isZero();
      List<RunSnapshot> runs = server.runsOf(experiment);
      assertThat(runs).as(run.toString()).isNotEmpty();
      RunSnapshot parent = runs.stream().filter(r -> !r.tags().containsKey("mlflow.parentRunId")).findFirst()
          .orElseThrow();
      assertThat(parent.status()).isEqualTo("FINISHED");
      List<RunSnapshot> trials = runs.stream().filter(r -> r.tags().containsKey("mlflow.parentRunId")).toList();
      assertThat(trials).hasSize(2).allSatisfy(t -> {
        assertThat(t.status()).isEqualTo("FINISHED");
        assertThat(t.tags()).containsKey("genlab.slurm.array_task_id");
        String index = t.tags().get("genlab.trial.index");
        assertThat(server.runArtifact(t.runId(), "logs/trial-" + index + ".log")).get()
            .satisfies(log -> assertThat(new String(log)).contains("== genlab trial " + index, "FINISHED"));
      });
      assertThat(server.runArtifact(parent.runId(), "sweep/job-" + parent.tags().get("genlab.sweep.job") + ".sh"))
          .isPresent();
    }
  }

  /**
   * Epochs of {@link #LIMITED} that train for about {@code seconds} in a trial process on this machine, at most
   * {@code max}: the speed of a two-epoch trial of a local sweep, a process like the reference run's. (Slurm's
   * tasks trained slower, about 2,400 examples/s against 7,000 in one measurement, in tasks of some 20 s each.)
   */
  private int epochsTraining(int seconds, int max) throws IOException {
    Path calibration = dir.resolve("calibration.yaml");
    Files.writeString(calibration, LIMITED.formatted("slurm-calibration", 2, dir.resolve("mlruns")) + """
        sweep: {name: calibration, seeds: [3], threadsPerTrial: 1, trialJvmOptions: [-Xmx1g]}
        """);
    CliRun run = genlab("sweep", calibration.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    try (Tracker tracker = store()) {
      double examplesPerSecond = tracker.runs("slurm-calibration").stream()
          .map(r -> r.metrics().get("perf/train_examples_per_second")).filter(v -> v != null).findFirst()
          .orElseThrow();
      int epochs = (int) Math.max(20, Math.min(max, Math.ceil(seconds * examplesPerSecond / 4096)));
      System.out.printf("time-limit test: %d epochs (%.0f examples/s in a trial process)%n", epochs,
          examplesPerSecond);
      return epochs;
    }
  }

  @Test
  void aTaskNearItsTimeLimitCheckpointsRequeuesItselfAndEqualsAnUninterruptedRun() throws Exception {
    // Tasks of two minutes warned 75 s before their limit. Slurm checks limits every 30 s and may warn early: the
    // warnings came 30-37 s into a first task and about 20 s into a requeued one, so each requeued task trains for
    // some 15 s. About a minute of training needs a requeue on any machine without many of them on a slow one,
    // where 120 epochs took over 200 s, 13 requeues of the 20 allowed and most of the 10 minutes; at most 120
    // epochs, as the test was first sized.
    int epochs = epochsTraining(60, 120);
    Path spec = dir.resolve("limited.yaml");
    Files.writeString(spec, LIMITED.formatted("slurm-sweeps", epochs, dir.resolve("mlruns")) + """
        sweep:
          name: limited
          launcher: slurm
          seeds: [3]
          trialJvmOptions: [-Xmx1g]
          slurm: {time: '2', signalSeconds: 75}
        """);
    CliRun run = genlab("sweep", spec.toString(), "--log-dir", dir.resolve("logs").toString());

    assertThat(run.code()).as("%d epochs: %s", epochs, run).isZero();
    assertThat(run.err()).as("%d epochs", epochs).contains("restart 1");
    try (Tracker tracker = store()) {
      RunInfo trial = trials(tracker, parent(tracker, "limited").runId()).get(0);
      assertThat(trial.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(Integer.parseInt(trial.tags().get("genlab.slurm.restart_count"))).isPositive();
      assertThat(new String(tracker.readArtifact(trial.runId(), "logs/trial-0.log").orElseThrow()))
          .contains("== time limit near: the trial stopped (exit 130); requeueing task 0", "KILLED", "FINISHED");
      CliRun uninterrupted = genlab("sweep", spec.toString(), "--set", "sweep.launcher=local", "--set",
          "sweep.name=limited-local", "--set", "sweep.threadsPerTrial=1");
      assertThat(uninterrupted.code()).as(uninterrupted.toString()).isZero();
      RunInfo reference = trials(tracker, parent(tracker, "limited-local").runId()).get(0);
      assertThat(histories(tracker, tracker.run(trial.runId()).orElseThrow())).isEqualTo(histories(tracker, reference));
    }
  }
}
