package io.genlab.runner.run;

import io.genlab.api.DisplayText;
import io.genlab.api.Examples;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingFailedException;
import io.genlab.engine.train.TrainingListener;
import io.genlab.engine.train.TrainingState;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one resolved experiment end to end: data, model, training with progress and checkpoints,
 * metrics, sample grids, and everything logged to the tracker. Not thread-safe; {@link #requestStop}
 * may be called from another thread (a Ctrl-C hook).
 */
public final class ExperimentRunner {
  /** The artifact path of a run's latest checkpoint. */
  public static final String CHECKPOINT = "checkpoints/last.ckpt";
  /** The artifact path of a run's resolved spec, what resume and reproduce redo. */
  public static final String RESOLVED_SPEC = "spec/resolved.yaml";
  /** The tag saying why early stopping ended a run; its presence marks the run as stopped early. */
  public static final String EARLY_STOPPED_TAG = "genlab.early_stopped";
  private final PluginRegistry registry;
  private final PrintStream console;
  private final RunPreparation preparation;
  private final LoggedRunPreparation loggedRuns;
  private final AtomicBoolean stop = new AtomicBoolean();

  /** How a run ended. */
  public enum Outcome { FINISHED, FAILED, KILLED }

  /**
   * The result of a run.
   *
   * @param runId the tracked run's id
   * @param outcome how it ended
   * @param metrics the evaluated metrics (empty unless FINISHED)
   * @param message why it failed or was killed, else empty
   */
  public record Result(String runId, Outcome outcome, Map<String, Double> metrics, String message) {}

  /** A runner over {@code registry}'s plugins; each spec's {@code engine} section picks its executor. */
  public ExperimentRunner(PluginRegistry registry, PrintStream console) {
    this.registry = registry;
    this.console = console;
    this.preparation = new RunPreparation(registry, console);
    this.loggedRuns = new LoggedRunPreparation(registry, console, preparation);
  }

  /** Asks the run to end as KILLED after the current iteration, keeping its last checkpoint. */
  public void requestStop() {
    stop.set(true);
  }

  /**
   * Runs {@code spec} as a new run of {@code tracker}.
   *
   * @param specText the spec file as the user wrote it (logged as an artifact), or {@code null}
   * @throws IOException when data cannot be loaded or the store cannot be written (before the run starts)
   */
  public Result run(ExperimentSpec spec, String specText, Tracker tracker) throws IOException {
    return run(spec, specText, tracker, Map.of());
  }

  /** As {@link #run(ExperimentSpec, String, Tracker)}, setting {@code tags} on the new run (a reproduction's origin). */
  public Result run(ExperimentSpec spec, String specText, Tracker tracker, Map<String, String> tags) throws IOException {
    PreparedRun prepared = preparation.forNewRun(spec, tracker);
    TrackedRun run = tracker.startRun(spec.experiment(), spec.name(), tags);
    console.printf("run %s in experiment '%s' (%s)%n", run.runId(), DisplayText.line(spec.experiment()),
        DisplayText.line(tracker.describe()));
    RunRecord record = new RunRecord(run, registry, console);
    try {
      RunRecord.describe(run, spec, specText);
    } catch (RuntimeException | Error e) {
      record.failedBy(e);
      throw e;
    }
    return execute(prepared, run, record, Map.of(), Optional.empty(), EarlyStopping.NEVER);
  }

  /**
   * Checks everything {@link #run} checks before it starts a run, writing nothing: the spec's data (read
   * and checked by the dataset), the model, loss, metrics and trainer built from it, and that the store
   * can record a run in the spec's experiment. What {@code --dry-run} does.
   *
   * @throws InvalidConfigException or {@link IOException} naming what is wrong
   */
  public void check(ExperimentSpec spec, Tracker tracker) throws IOException {
    preparation.forNewRun(spec, tracker);
  }

  /**
   * Continues a tracked run from its last checkpoint in the same run, or starts its training when it
   * has none (a sweep trial created by its parent). The run's own {@code spec/resolved.yaml} says what
   * to run; metric points at steps the run already has are not logged again.
   *
   * @param earlyStopping decides at epoch ends whether the run goes on (sweeps); {@link EarlyStopping#NEVER} otherwise
   * @throws InvalidConfigException when the run does not exist, has no resolved spec, or its data changed
   * @throws IOException when data cannot be loaded or the store cannot be read or written
   */
  public Result resume(String runId, Tracker tracker, EarlyStopping earlyStopping) throws IOException {
    Optional<LoggedRunPreparation.Resumption> resumption = loggedRuns.forResume(runId, tracker);
    if (resumption.isEmpty()) {
      return new Result(runId, Outcome.FINISHED, tracker.run(runId).orElseThrow().metrics(), "already finished");
    }
    LoggedRunPreparation.Resumption r = resumption.get();
    TrackedRun run = ContinuedRun.open(tracker, r.info());
    console.printf("%s run %s in experiment '%s' (%s)%n", r.fromCheckpoint()
        ? "resuming from iteration " + r.prepared().trainer().state().iteration() + ":" : "starting",
        DisplayText.line(runId), DisplayText.line(r.spec().experiment()), DisplayText.line(tracker.describe()));
    return execute(r.prepared(), run, new RunRecord(run, registry, console), r.info().tags(), r.fromCheckpoint()
        ? Optional.of(r.prepared().trainer().state().iteration()) : Optional.empty(), earlyStopping);
  }

  /**
   * Checks everything {@link #resume} checks before it changes the run, writing nothing: the run, its
   * logged spec, data, model and checkpoint, its metric histories, and that the store is writable. What
   * {@code resume --dry-run} does.
   *
   * @return the iteration the run would resume from (0 without a checkpoint), or empty when it already finished
   */
  public Optional<Long> checkResume(String runId, Tracker tracker) throws IOException {
    Optional<LoggedRunPreparation.Resumption> resumption = loggedRuns.forResume(runId, tracker);
    if (resumption.isPresent()) {
      ContinuedRun.lastSteps(tracker, resumption.get().info());
      tracker.checkCanStartRun(resumption.get().spec().experiment());
    }
    return resumption.map(r -> r.prepared().trainer().state().iteration());
  }

  /** The keys an evaluation spec may hold: what it changes about how a trained run is evaluated. */
  public static final java.util.Set<String> EVALUATION_KEYS = java.util.Set.of("name", "samplers", "metrics");
  /** The tag naming the trained run an evaluation run evaluates. */
  public static final String EVALUATES_TAG = "genlab.evaluates";

  /**
   * Evaluates the last checkpoint of a trained run with other samplers and metrics, without training:
   * a new run, nested under the trained one in MLflow, logs them. {@code evaluation} holds what
   * replaces the run's own sections ({@link #EVALUATION_KEYS}: {@code samplers}, {@code metrics}, and
   * the new run's {@code name}); an absent section keeps the run's own.
   *
   * @param evaluationText the evaluation spec as the user wrote it (logged as an artifact), or {@code null}
   * @throws InvalidConfigException when the run does not exist, has no checkpoint, its data changed, or
   *     the evaluation spec is invalid (nothing is written then)
   */
  public Result evaluate(String runId, Map<String, Object> evaluation, List<String> overrides, String evaluationText,
      Tracker tracker) throws IOException {
    LoggedRunPreparation.EvaluationPlan plan = loggedRuns.forEvaluation(runId, evaluation, overrides, tracker);
    ExperimentSpec spec = plan.spec();
    PreparedRun prepared = plan.prepared();
    TrackedRun run = tracker.startRun(spec.experiment(), spec.name(),
        Map.of(EVALUATES_TAG, runId, "mlflow.parentRunId", runId));
    console.printf("evaluation run %s of run %s (iteration %d) in experiment '%s' (%s)%n", run.runId(),
        DisplayText.line(runId), prepared.trainer().state().iteration(), DisplayText.line(spec.experiment()),
        DisplayText.line(tracker.describe()));
    RunRecord record = new RunRecord(run, registry, console);
    try {
      RunRecord.describe(run, spec, evaluationText);
      record.recordStart(prepared, Map.of());
      record.noteEvaluationOf(runId, prepared.trainer().state().iteration());
      Map<String, Double> results = new EvaluationPass(registry, console, stop::get, prepared, run)
          .evaluate(prepared.trainer().state().iteration(), "samples/");
      if (stop.get()) {
        return record.killed("stopped by the user during evaluation");
      }
      Result finished = record.finished(results);
      console.printf("evaluation run %s FINISHED%n", run.runId());
      return finished;
    } catch (RuntimeException | IOException | Error e) {
      record.failedBy(e);
      throw e;
    }
  }

  /**
   * Checks everything {@link #evaluate} checks before it creates the evaluation run, writing nothing: the
   * run and its checkpoint, the evaluation spec and overrides, data, model, and that the store can record
   * the run. What {@code evaluate --dry-run} does.
   *
   * @return the resolved spec of the evaluation run
   */
  public ExperimentSpec checkEvaluation(String runId, Map<String, Object> evaluation, List<String> overrides,
      Tracker tracker) throws IOException {
    return loggedRuns.forEvaluation(runId, evaluation, overrides, tracker).spec();
  }

  /**
   * The run with id {@code runId}, refused as bad input when the id is malformed (never used as a path)
   * or names no run (with the closest existing id as a hint).
   *
   * @throws InvalidConfigException naming the id and what is allowed
   */
  public static RunInfo requireRun(Tracker tracker, String runId) {
    return LoggedRunPreparation.requireRun(tracker, runId);
  }

  /**
   * What went wrong, with what to do about it where genlab knows: running out of memory usually means the
   * launcher's cap on ND4J's off-heap memory, not the machine's.
   */
  public static String describeFailure(Throwable e) {
    return RunRecord.describeFailure(e);
  }

  /** The resolved spec a run logged, re-resolved against today's plugins. */
  public ExperimentSpec loggedSpec(Tracker tracker, String runId) {
    return loggedSpec(tracker, runId, Map.of());
  }

  /** As {@link #loggedSpec(Tracker, String)}, with values changed at dotted spec paths (a new run name). */
  public ExperimentSpec loggedSpec(Tracker tracker, String runId, Map<String, Object> changes) {
    return loggedRuns.loggedSpec(tracker, runId, changes);
  }

  /**
   * Logs what makes a run redoable before it trains: the resolved spec as params and as {@code
   * spec/resolved.yaml}, the user's spec text, and a note. Sweeps call it for the trials they create.
   * Credentials in URIs (a tracking URI's password or token) are logged as {@code ***} in all three.
   */
  public static void describe(TrackedRun run, ExperimentSpec spec, String specText) {
    RunRecord.describe(run, spec, specText);
  }


  private Result execute(PreparedRun p, TrackedRun run, RunRecord record, Map<String, String> existingTags,
      Optional<Long> resumedAt, EarlyStopping earlyStopping) throws IOException {
    try {
      record.recordStart(p, existingTags);
      resumedAt.ifPresent(record::recordResumedFrom);
      return train(p, run, record, new EvaluationPass(registry, console, stop::get, p, run), earlyStopping);
    } catch (RuntimeException | IOException | Error e) {
      record.failedBy(e);
      throw e;
    }
  }

  private Result train(PreparedRun p, TrackedRun run, RunRecord record, EvaluationPass evaluation,
      EarlyStopping earlyStopping) throws IOException {
    ExperimentSpec spec = p.spec();
    Trainer trainer = p.trainer();
    Examples train = p.train();
    Progress progress = new Progress(run, spec, trainer, trainer.totalIterations(train), earlyStopping, evaluation);
    long trainStart = System.nanoTime();
    try {
      trainer.run(train, progress);
    } catch (TrainingFailedException e) {
      Result failed = record.failed(e.getMessage());
      console.printf("run %s FAILED: %s%n", run.runId(), DisplayText.line(e.getMessage()));
      return failed;
    }
    progress.logThroughput((System.nanoTime() - trainStart) / 1e9);
    saveCheckpoint(run, trainer);
    if (progress.earlyStop != null) {
      Result stopped = record.stoppedEarly(progress.earlyStop);
      console.printf("run %s stopped early: %s%n", run.runId(), DisplayText.line(progress.earlyStop));
      return stopped;
    }
    if (trainer.stopped() || stop.get()) {
      return killed(run, record, trainer);
    }
    // Training is over: its plans' activations and gradients are not needed to evaluate.
    p.session().executor().releaseTrainingMemory();
    Map<String, Double> results = evaluation.evaluate(trainer.state().iteration(), "samples/");
    if (stop.get()) {
      return killed(run, record, trainer);
    }
    Result finished = record.finished(results);
    console.printf("run %s FINISHED in experiment '%s'%n", run.runId(), DisplayText.line(spec.experiment()));
    return finished;
  }

  private Result killed(TrackedRun run, RunRecord record, Trainer trainer) {
    String why = "stopped by the user at iteration " + trainer.state().iteration() + "; the checkpoint of that "
        + "iteration is kept in artifacts/" + CHECKPOINT + "; continue with ./genlab resume " + run.runId();
    Result killed = record.killed(why);
    console.printf("run %s KILLED: %s%n", run.runId(), DisplayText.line(why));
    return killed;
  }

  private static void saveCheckpoint(TrackedRun run, Trainer trainer) throws IOException {
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
    private final TrackedRun run;
    private final ExperimentSpec spec;
    private final Trainer trainer;
    private final long total;
    private final int logEvery;
    private final int batchSize;
    private final EarlyStopping earlyStopping;
    private final EvaluationPass evaluation;
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

    Progress(TrackedRun run, ExperimentSpec spec, Trainer trainer, long total, EarlyStopping earlyStopping,
        EvaluationPass evaluation) {
      this.evaluation = evaluation;
      this.warmupIterations = (WARMUP_STEPS + trainer.stepsPerIteration() - 1) / trainer.stepsPerIteration();
      this.run = run;
      this.spec = spec;
      this.trainer = trainer;
      this.total = total;
      this.logEvery = spec.training().logEvery();
      this.batchSize = spec.training().batchSize();
      this.earlyStopping = earlyStopping;
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
          saveCheckpoint(run, trainer);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot write the checkpoint of epoch " + state.epoch(), e);
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
          throw new java.io.UncheckedIOException("cannot write the samples of epoch " + state.epoch(), e);
        }
      }
      earlyStop = earlyStopping.stopAfterEpoch(state.epoch(), epochMetrics, run).orElse(null);
    }

    @Override
    public boolean stopRequested() {
      return stop.get() || earlyStop != null;
    }

    /**
     * Logs steady-state training throughput (after {@value #WARMUP_STEPS} warm-up optimiser steps, as
     * the JIT needs them; evaluations during training left out) and the process's peak resident memory.
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

  private static final int WARMUP_STEPS = 150;

  /** VmHWM from /proc (Linux): the peak resident set, heap and off-heap ND4J buffers together. */
  private static java.util.Optional<Double> peakRssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return java.util.Optional.of(Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no peak memory to report
    }
    return java.util.Optional.empty();
  }

  private static String duration(long seconds) {
    return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }
}
