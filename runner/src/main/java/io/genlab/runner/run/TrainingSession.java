package io.genlab.runner.run;

import static io.genlab.runner.run.ExperimentRunner.CHECKPOINT;

import io.genlab.api.DisplayText;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingFailedException;
import io.genlab.engine.train.TrainingListener;
import io.genlab.engine.train.TrainingState;
import io.genlab.runner.run.ExperimentRunner.Result;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Trains a prepared run from its trainer's state to its end, through the tracker seam: training scalars and
 * epoch means as metrics, progress lines, a checkpoint every {@code checkpointEvery} epochs and at the end,
 * the evaluation passes during and after training, early stopping, stop requests, and timings and peak memory
 * ({@code perf/...}). {@link #train} is where training starts and ends; it ends the run through its
 * {@link RunRecord}. Not thread-safe; {@code stopRequested} may turn true from another thread (Ctrl-C).
 */
final class TrainingSession {
  /** Optimiser steps left out of the steady-state throughput: the JIT compiles while they run. */
  private static final int WARMUP_STEPS = 150;
  private final PreparedRun prepared;
  private final ExperimentSpec spec;
  private final Trainer trainer;
  private final TrackedRun run;
  private final RunRecord record;
  private final EvaluationPass evaluation;
  private final EarlyStopping earlyStopping;
  private final BooleanSupplier stopRequested;
  private final PrintStream console;

  /**
   * A session training {@code prepared} into {@code run}, ended through {@code record}.
   *
   * @param earlyStopping asked at every epoch's end whether training goes on
   * @param stopRequested whether the user asked to stop (the run then ends KILLED, its checkpoint kept)
   */
  TrainingSession(PreparedRun prepared, TrackedRun run, RunRecord record, EvaluationPass evaluation,
      EarlyStopping earlyStopping, BooleanSupplier stopRequested, PrintStream console) {
    this.prepared = prepared;
    this.spec = prepared.spec();
    this.trainer = prepared.trainer();
    this.run = run;
    this.record = record;
    this.evaluation = evaluation;
    this.earlyStopping = earlyStopping;
    this.stopRequested = stopRequested;
    this.console = console;
  }

  /**
   * Trains to the end, saves the last checkpoint, evaluates, and ends the run: FINISHED (with the metrics of
   * the final evaluation), FINISHED when stopped early, KILLED on a stop request, FAILED when a loss is not
   * finite.
   *
   * @throws IOException when a checkpoint or sample grid cannot be written (the caller ends the run FAILED)
   */
  Result train() throws IOException {
    Progress progress = new Progress(trainer.totalIterations(prepared.train()));
    long trainStart = System.nanoTime();
    try (var sampler = SystemMetricsSampler.start(run, () -> trainer.state().iteration(),
        SystemMetricsSampler.interval(System.getenv()), console)) {
      trainer.run(prepared.train(), progress);
    } catch (TrainingFailedException e) {
      Result failed = record.failed(e.getMessage());
      console.printf("run %s FAILED: %s%n", run.runId(), DisplayText.line(e.getMessage()));
      return failed;
    }
    progress.logThroughput((System.nanoTime() - trainStart) / 1e9);
    saveCheckpoint();
    if (progress.earlyStop != null) {
      Result stopped = record.stoppedEarly(progress.earlyStop);
      console.printf("run %s stopped early: %s%n", run.runId(), DisplayText.line(progress.earlyStop));
      return stopped;
    }
    if (trainer.stopped() || stopRequested.getAsBoolean()) {
      return killed();
    }
    // Training is over: its plans' activations and gradients are not needed to evaluate.
    prepared.session().executor().releaseTrainingMemory();
    Map<String, Double> results = evaluation.evaluate(trainer.state().iteration(), "samples/");
    if (stopRequested.getAsBoolean()) {
      return killed();
    }
    Result finished = record.finished(results);
    console.printf("run %s FINISHED in experiment '%s'%n", run.runId(), DisplayText.line(spec.experiment()));
    return finished;
  }

  private Result killed() {
    String why = "stopped by the user at iteration " + trainer.state().iteration() + "; the checkpoint of that "
        + "iteration is kept in artifacts/" + CHECKPOINT + "; continue with ./genlab resume " + run.runId();
    Result killed = record.killed(why);
    console.printf("run %s KILLED: %s%n", run.runId(), DisplayText.line(why));
    return killed;
  }

  private void saveCheckpoint() throws IOException {
    var dir = run.artifactDirectory();
    if (dir.isPresent()) {
      trainer.saveCheckpoint(dir.get().resolve(CHECKPOINT));
    } else {
      Path tmp = Files.createTempDirectory("genlab-ckpt").resolve("last.ckpt");
      trainer.saveCheckpoint(tmp);
      run.logArtifact(tmp, "checkpoints");
      Files.deleteIfExists(tmp);
    }
  }

  /** Logs scalars, prints progress, checkpoints per epoch, asks early stopping and relays stop requests. */
  private final class Progress implements TrainingListener {
    private final long total;
    private final int logEvery;
    private final int batchSize;
    private final long warmupIterations;
    /** Why early stopping ended training, or null. */
    String earlyStop;
    private long startNanos;
    private long startIteration;
    private long lastPrint;
    private long warmNanos;
    /** Time spent in evaluations during training after warm-up, left out of the throughput. */
    private long evaluationNanos;
    private long warmIteration = -1;
    private long lastIteration;

    Progress(long total) {
      this.warmupIterations = (WARMUP_STEPS + trainer.stepsPerIteration() - 1) / trainer.stepsPerIteration();
      this.total = total;
      this.logEvery = spec.training().logEvery();
      this.batchSize = spec.training().batchSize();
    }

    @Override
    public void onStart(TrainingState state, long totalIterations) {
      startNanos = System.nanoTime();
      startIteration = state.iteration();
      lastIteration = state.iteration();
      // From the JVM's start: the overhead a fresh trial process pays before its first step.
      double startup = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
      run.logMetric("perf/startup_seconds", startup, state.iteration());
      console.printf("training %d iterations (%d epochs, batch %d, %d threads)%n", totalIterations,
          spec.training().epochs(), batchSize, spec.threads());
    }

    @Override
    public void onIteration(TrainingState state, Map<String, Double> scalars) {
      lastIteration = state.iteration();
      if (state.iteration() - startIteration == warmupIterations) {
        warmNanos = System.nanoTime();
        warmIteration = state.iteration();
      }
      if (state.iteration() % logEvery == 0) {
        scalars.forEach((k, v) -> run.logMetric(k, v, state.iteration()));
      }
      long now = System.nanoTime();
      if (now - lastPrint > 2_000_000_000L || state.iteration() == total) {
        lastPrint = now;
        double seconds = (now - startNanos) / 1e9;
        double perSecond = (state.iteration() - startIteration) / Math.max(seconds, 1e-9);
        long eta = (long) ((total - state.iteration()) / Math.max(perSecond, 1e-9));
        String first = scalars.keySet().stream().filter(k -> k.startsWith("loss/")).findFirst()
            .orElse(scalars.keySet().iterator().next());
        console.printf("epoch %d/%d  iter %d/%d  %s %.4f  %.0f examples/s  ETA %s%n", state.epoch() + 1,
            spec.training().epochs(), state.iteration(), total, first, scalars.get(first), perSecond * batchSize,
            duration(eta));
      }
    }

    @Override
    public void onEpochEnd(TrainingState state, Map<String, Double> means) {
      Map<String, Double> epochMetrics = new LinkedHashMap<>();
      means.forEach((k, v) -> epochMetrics.put("epoch/" + k, v));
      epochMetrics.forEach((k, v) -> run.logMetric(k, v, state.epoch()));
      if (state.epoch() % spec.training().checkpointEvery() == 0) {
        try {
          saveCheckpoint();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the checkpoint of epoch " + state.epoch(), e);
        }
      }
      int every = spec.training().evaluateEvery();
      if (every > 0 && state.epoch() % every == 0 && state.epoch() < spec.training().epochs() && state.iteration() < total) {
        try {
          long evaluationStart = System.nanoTime();
          evaluation.evaluate(state.iteration(), String.format("samples/epoch-%04d/", state.epoch()));
          if (warmIteration >= 0) {
            evaluationNanos += System.nanoTime() - evaluationStart;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the samples of epoch " + state.epoch(), e);
        }
      }
      earlyStop = earlyStopping.stopAfterEpoch(state.epoch(), epochMetrics, run).orElse(null);
    }

    @Override
    public boolean stopRequested() {
      return stopRequested.getAsBoolean() || earlyStop != null;
    }

    /**
     * Logs steady-state training throughput (after {@value TrainingSession#WARMUP_STEPS} warm-up optimiser
     * steps, as the JIT needs them; evaluations during training left out) and the process's peak resident memory.
     */
    void logThroughput(double trainSeconds) {
      run.logMetric("perf/train_seconds", trainSeconds, lastIteration);
      if (warmIteration >= 0 && lastIteration > warmIteration) {
        double seconds = (System.nanoTime() - warmNanos - evaluationNanos) / 1e9;
        double rate = (lastIteration - warmIteration) * (double) batchSize / seconds;
        run.logMetric("perf/train_examples_per_second", rate, lastIteration);
        console.printf("steady-state throughput: %.0f examples/s%n", rate);
      }
      peakRssMegabytes().ifPresent(mb -> run.logMetric("perf/peak_rss_mb", mb, lastIteration));
    }
  }

  /** VmHWM from /proc (Linux): the peak resident set, heap and off-heap ND4J buffers together. */
  private static Optional<Double> peakRssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Optional.of(Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no peak memory to report
    }
    return Optional.empty();
  }

  private static String duration(long seconds) {
    return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }
}
