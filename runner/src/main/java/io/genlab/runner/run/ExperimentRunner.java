package io.genlab.runner.run;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs, resumes and evaluates experiments, and checks what each would do ({@code --dry-run}): the entry
 * point of the CLI and of sweep trials. Each prepares what it needs before a run is touched ({@link
 * RunPreparation} from a spec, {@link LoggedRunPreparation} from a tracked run), creates or reopens the run,
 * records it ({@link RunRecord}), then trains it ({@link TrainingSession}) or evaluates a checkpoint ({@link
 * EvaluationPass}), all through the tracker seam. Not thread-safe; {@link #requestStop} may be called from
 * another thread (a Ctrl-C hook).
 */
public final class ExperimentRunner {
  /** The artifact path of a run's latest checkpoint. */
  public static final String CHECKPOINT = "checkpoints/last.ckpt";
  /** The artifact path of a run's resolved spec, what resume and reproduce redo. */
  public static final String RESOLVED_SPEC = "spec/resolved.yaml";
  /** The keys an evaluation spec may hold: what it changes about how a trained run is evaluated. */
  public static final Set<String> EVALUATION_KEYS = Set.of("name", "samplers", "metrics");
  /** The tag naming the trained run an evaluation run evaluates. */
  public static final String EVALUATES_TAG = "genlab.evaluates";
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
    String reproduces = tags.get("genlab.reproduces");
    if (reproduces != null) {
      // A reproduction loads the runs the original loaded, or it would redo another experiment.
      tracker.run(reproduces).ifPresent(original -> LoggedRunPreparation.requireSameReferences(original, prepared,
          "was made", "reproduce it where the runs it loaded are unchanged"));
    }
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
    return train(prepared, run, record, Map.of(), Optional.empty(), EarlyStopping.NEVER);
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
    return resume(runId, tracker, earlyStopping, Map.of());
  }

  /**
   * As {@link #resume(String, Tracker, EarlyStopping)}, setting {@code tags} on the run once it is reopened
   * (where a scheduler ran this attempt); a run that cannot be resumed gets none.
   */
  public Result resume(String runId, Tracker tracker, EarlyStopping earlyStopping, Map<String, String> tags)
      throws IOException {
    Optional<LoggedRunPreparation.Resumption> resumption = loggedRuns.forResume(runId, tracker);
    if (resumption.isEmpty()) {
      return new Result(runId, Outcome.FINISHED, tracker.run(runId).orElseThrow().metrics(), "already finished");
    }
    LoggedRunPreparation.Resumption r = resumption.get();
    TrackedRun run = ContinuedRun.open(tracker, r.info());
    tags.forEach(run::setTag);
    console.printf("%s run %s in experiment '%s' (%s)%n", r.fromCheckpoint()
        ? "resuming from iteration " + r.prepared().trainer().state().iteration() + ":" : "starting",
        DisplayText.line(runId), DisplayText.line(r.spec().experiment()), DisplayText.line(tracker.describe()));
    return train(r.prepared(), run, new RunRecord(run, registry, console), r.info().tags(), r.fromCheckpoint()
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
        Map.of(EVALUATES_TAG, runId, RunTags.PARENT_RUN_ID, runId));
    console.printf("evaluation run %s of run %s (iteration %d) in experiment '%s' (%s)%n", run.runId(),
        DisplayText.line(runId), prepared.trainer().state().iteration(), DisplayText.line(spec.experiment()),
        DisplayText.line(tracker.describe()));
    RunRecord record = new RunRecord(run, registry, console);
    try {
      RunRecord.describe(run, spec, evaluationText);
      record.processStarted(prepared, Map.of());
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

  /**
   * Records this process's start on the run ({@code existingTags}: what the run was tagged with before, for a
   * resumed one), then trains it to its end; whatever fails on the way ends the run FAILED and is rethrown.
   */
  private Result train(PreparedRun p, TrackedRun run, RunRecord record, Map<String, String> existingTags,
      Optional<Long> resumedAt, EarlyStopping earlyStopping) throws IOException {
    try {
      record.processStarted(p, existingTags);
      resumedAt.ifPresent(record::resumedFrom);
      EvaluationPass evaluation = new EvaluationPass(registry, console, stop::get, p, run);
      return new TrainingSession(p, run, record, evaluation, earlyStopping, stop::get, console).train();
    } catch (RuntimeException | IOException | Error e) {
      record.failedBy(e);
      throw e;
    }
  }
}
