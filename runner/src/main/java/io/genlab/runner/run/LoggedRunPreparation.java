package io.genlab.runner.run;

import static io.genlab.runner.run.ExperimentRunner.CHECKPOINT;
import static io.genlab.runner.run.ExperimentRunner.EVALUATION_KEYS;
import static io.genlab.runner.run.ExperimentRunner.RESOLVED_SPEC;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.config.Suggestions;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.Overrides;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prepares a tracked run to be resumed or evaluated, reading only what it logged: the run itself, its
 * {@code spec/resolved.yaml} (re-resolved against today's plugins and prepared by {@link RunPreparation}),
 * that its data are unchanged, and its checkpoint, restored into the trainer. Writes nothing, so that the
 * same checks serve {@code --dry-run}. Not thread-safe.
 */
final class LoggedRunPreparation {
  private final PluginRegistry registry;
  private final PrintStream console;
  private final RunPreparation preparation;

  LoggedRunPreparation(PluginRegistry registry, PrintStream console, RunPreparation preparation) {
    this.registry = registry;
    this.console = console;
    this.preparation = preparation;
  }

  /** What {@link #forResume} has checked and loaded before the run is reopened. */
  record Resumption(RunInfo info, ExperimentSpec spec, PreparedRun prepared, boolean fromCheckpoint) {}

  /** What {@link #forEvaluation} has checked and loaded (the checkpoint restored) before the evaluation run exists. */
  record EvaluationPlan(ExperimentSpec spec, PreparedRun prepared) {}

  /**
   * The run prepared to continue from its checkpoint (from its start without one); empty, with a line
   * saying so, when it already finished.
   *
   * @throws InvalidConfigException when the run does not exist, is a sweep's parent, has no resolved spec, or
   *     its data changed
   */
  Optional<Resumption> forResume(String runId, Tracker tracker) throws IOException {
    RunInfo info = requireRun(tracker, runId);
    if (info.tags().containsKey("genlab.sweep.name") && !info.tags().containsKey("mlflow.parentRunId")) {
      throw new InvalidConfigException("run " + runId, "this is the parent run of sweep '"
          + info.tags().get("genlab.sweep.name") + "', which trains nothing itself; continue the sweep with ./genlab "
          + "sweep <its spec> (a re-run continues its interrupted trials), or resume one of its trials");
    }
    if (info.status() == RunStatus.FINISHED) {
      console.printf("run %s already FINISHED; nothing to resume%n", DisplayText.line(runId));
      return Optional.empty();
    }
    ExperimentSpec spec = loggedSpec(tracker, runId, Map.of());
    PreparedRun prepared = preparation.prepare(spec);
    requireSameData(info, prepared, "started", "; resume it where its data are unchanged");
    Optional<byte[]> checkpoint = tracker.readArtifact(runId, CHECKPOINT);
    if (checkpoint.isPresent()) {
      restore(prepared, checkpoint.get(), runId);
    }
    return Optional.of(new Resumption(info, spec, prepared, checkpoint.isPresent()));
  }

  /**
   * The trained run's checkpoint prepared for an evaluation run: the run's logged spec with the sections of
   * {@code evaluation} and the {@code overrides} applied (only {@link ExperimentRunner#EVALUATION_KEYS}), and
   * that the store can record the evaluation run.
   *
   * @throws InvalidConfigException when the run does not exist, has no checkpoint, its data changed, or the
   *     evaluation spec is invalid
   */
  EvaluationPlan forEvaluation(String runId, Map<String, Object> evaluation, List<String> overrides,
      Tracker tracker) throws IOException {
    RunInfo info = requireRun(tracker, runId);
    List<ConfigProblem> unknown = new ArrayList<>();
    for (String key : evaluation.keySet()) {
      notForEvaluation(key, key).ifPresent(unknown::add);
    }
    if (!unknown.isEmpty()) {
      throw new InvalidConfigException(unknown);
    }
    byte[] checkpoint = tracker.readArtifact(runId, CHECKPOINT).orElseThrow(() -> new InvalidConfigException(
        "run " + runId, "the run has no " + CHECKPOINT + " artifact, so there is no trained model to evaluate"));
    Map<String, Object> raw = rawLoggedSpec(tracker, runId);
    raw.putAll(evaluation);
    if (!evaluation.containsKey("name")) {
      raw.put("name", info.runName() + "-evaluation");
    }
    for (String override : overrides) {
      Optional<ConfigProblem> problem = notForEvaluation(override.split("[.=\\[]", 2)[0].trim(), "--set " + override);
      if (problem.isPresent()) {
        throw new InvalidConfigException(List.of(problem.get()));
      }
      Overrides.apply(raw, override);
    }
    ExperimentSpec spec = new SpecResolver(registry).resolve(raw, List.of(), "run-" + runId);
    PreparedRun prepared = preparation.forNewRun(spec, tracker);
    requireSameData(info, prepared, "was trained", "");
    restore(prepared, checkpoint, runId);
    return new EvaluationPlan(spec, prepared);
  }

  /** See {@link ExperimentRunner#requireRun}. */
  static RunInfo requireRun(Tracker tracker, String runId) {
    if (!Trackers.isRunId(runId)) {
      throw new InvalidConfigException("run id", "'" + runId + "' is not a run id; expected MLflow's 32 hexadecimal"
          + " characters (letters, digits, '_' and '-' are accepted, at most 64, starting with a letter or digit)");
    }
    return tracker.run(runId).orElseThrow(() -> {
      List<String> ids = tracker.runIds();
      String hint = ids.stream().filter(id -> id.startsWith(runId)).findFirst()
          .or(() -> Suggestions.closest(runId, ids)).map(id -> "; did you mean '" + id + "'?").orElse("");
      return new InvalidConfigException("run " + runId, "no such run in " + tracker.describe() + hint);
    });
  }

  /** See {@link ExperimentRunner#loggedSpec(Tracker, String, Map)}. */
  ExperimentSpec loggedSpec(Tracker tracker, String runId, Map<String, Object> changes) {
    Map<String, Object> raw = rawLoggedSpec(tracker, runId);
    changes.forEach((path, value) -> Overrides.set(raw, path, value));
    return new SpecResolver(registry).resolve(raw, List.of(), "run-" + runId);
  }

  private static Map<String, Object> rawLoggedSpec(Tracker tracker, String runId) {
    byte[] yaml = tracker.readArtifact(runId, RESOLVED_SPEC).orElseThrow(() -> new InvalidConfigException(
        "run " + runId, "the run has no " + RESOLVED_SPEC + " artifact, so it was not made by genlab and cannot be redone"));
    Map<String, Object> spec = SpecResolver.parse(new String(yaml, StandardCharsets.UTF_8), "run " + runId + " " + RESOLVED_SPEC);
    // Runs logged before the engine section existed ran on SameDiff's interpreter; redo them on it.
    spec.putIfAbsent("engine", new java.util.LinkedHashMap<>(Map.of("executor", "samediff")));
    return spec;
  }

  /** Fails unless the loaded data have the SHA-256 the run logged (when it logged one). */
  private static void requireSameData(RunInfo info, PreparedRun prepared, String since, String advice) {
    String loggedSha = info.tags().get("genlab.dataset.sha256");
    if (loggedSha != null && !loggedSha.equals(prepared.sha256())) {
      throw new InvalidConfigException("data", "the data of run " + info.runId() + " changed since it " + since
          + ": SHA-256 " + loggedSha + " then, " + prepared.sha256() + " now" + advice);
    }
  }

  private static void restore(PreparedRun prepared, byte[] checkpoint, String runId) throws IOException {
    prepared.trainer().restoreCheckpoint(new ByteArrayInputStream(checkpoint), "run " + runId + " " + CHECKPOINT);
  }

  /** Why {@code key} (at {@code path}) cannot be part of an evaluation, or empty when it can. */
  private static Optional<ConfigProblem> notForEvaluation(String key, String path) {
    return EVALUATION_KEYS.contains(key) ? Optional.empty() : Optional.of(new ConfigProblem(path,
        "an evaluation sets only " + new java.util.TreeSet<>(EVALUATION_KEYS) + "; '" + key
            + "' belongs to the trained run. " + Suggestions.hint(key, EVALUATION_KEYS)));
  }
}
