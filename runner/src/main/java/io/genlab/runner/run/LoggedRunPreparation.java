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
import io.genlab.tracking.RunTags;
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
   * Another run's trained model, for {@link io.genlab.api.RunModels}: the model restored from its last checkpoint
   * (the run's data and optimiser state are not kept).
   *
   * @param spec the run's logged spec, as it was prepared
   * @param model the restored model
   * @param checkpointSha256 the SHA-256 of the checkpoint it was restored from
   */
  record TrainedRun(ExperimentSpec spec, io.genlab.api.TrainedModel model, String checkpointSha256) {}

  /**
   * The run prepared to continue from its checkpoint (from its start without one); empty, with a line
   * saying so, when it already finished.
   *
   * @throws InvalidConfigException when the run does not exist, is a sweep's parent, has no resolved spec, or
   *     its data changed
   */
  Optional<Resumption> forResume(String runId, Tracker tracker) throws IOException {
    RunInfo info = requireRun(tracker, runId);
    if (info.tags().containsKey(RunTags.SWEEP_NAME) && !info.tags().containsKey(RunTags.PARENT_RUN_ID)) {
      throw new InvalidConfigException("run " + runId, "this is the parent run of sweep '"
          + info.tags().get(RunTags.SWEEP_NAME) + "', which trains nothing itself; continue the sweep with ./genlab "
          + "sweep <its spec> (a re-run continues its interrupted trials), or resume one of its trials");
    }
    if (info.status() == RunStatus.FINISHED) {
      console.printf("run %s already FINISHED; nothing to resume%n", DisplayText.line(runId));
      return Optional.empty();
    }
    ExperimentSpec spec = loggedSpec(tracker, runId, Map.of());
    PreparedRun prepared = preparation.prepare(spec, tracker, List.of(runId));
    requireSameData(info, prepared, "started", "; resume it where its data are unchanged");
    requireSameReferences(info, prepared, "started", "resume it with the runs it started with");
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
    byte[] checkpoint = requireCheckpoint(tracker, runId, "evaluate");
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
    PreparedRun prepared = restored(info, spec, checkpoint, tracker, List.of(runId));
    requireSameReferences(info, prepared, "was trained", "evaluate it where the runs it was trained with are unchanged");
    tracker.checkCanStartRun(spec.experiment());
    return new EvaluationPlan(spec, prepared);
  }

  /**
   * The trained model of run {@code runId} as {@code evaluate} rebuilds it: its logged spec at {@code threads}
   * threads (the loading run's, so that the model computes as the loading run does), its data checked, its last
   * checkpoint restored.
   *
   * @param chain the runs being loaded that led here, {@code runId} last
   * @throws InvalidConfigException naming the id when the id is malformed, there is no such run (with a
   *     did-you-mean), it has no checkpoint or resolved spec, its data changed, or its model cannot be rebuilt
   * @throws java.io.UncheckedIOException when its data cannot be read
   */
  TrainedRun trainedRun(String runId, Tracker tracker, int threads, List<String> chain) {
    RunInfo info = requireRun(tracker, runId);
    byte[] checkpoint = requireCheckpoint(tracker, runId, "load");
    ExperimentSpec spec = loggedSpec(tracker, runId, Map.of("threads", threads));
    try {
      PreparedRun prepared = restored(info, spec, checkpoint, tracker, chain);
      return new TrainedRun(spec, prepared.session(), RunPreparation.sha256(checkpoint));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot load run " + runId, e);
    }
  }

  /** {@code spec} prepared, checked against the data {@code info} logged, with {@code checkpoint} restored. */
  private PreparedRun restored(RunInfo info, ExperimentSpec spec, byte[] checkpoint, Tracker tracker,
      List<String> chain) throws IOException {
    PreparedRun prepared = preparation.prepare(spec, tracker, chain);
    requireSameData(info, prepared, "was trained", "");
    restore(prepared, checkpoint, info.runId());
    return prepared;
  }

  private static byte[] requireCheckpoint(Tracker tracker, String runId, String what) {
    return tracker.readArtifact(runId, CHECKPOINT).orElseThrow(() -> new InvalidConfigException("run " + runId,
        "the run has no " + CHECKPOINT + " artifact, so there is no trained model to " + what
            + " (it has not finished an epoch, or it was not made by genlab)"));
  }

  /**
   * Fails unless every run {@code prepared} loaded (a first stage, a sampler's reference) has the checkpoint digest
   * {@code info} recorded for it: the latents and guidance a run was trained with must be the same ones.
   */
  static void requireSameReferences(RunInfo info, PreparedRun prepared, String since, String advice) {
    requireSameReferences(info.runId(), info.tags(), prepared, since, advice);
  }

  /** As {@link #requireSameReferences(RunInfo, PreparedRun, String, String)} for a run with {@code tags}. */
  static void requireSameReferences(String runId, Map<String, String> tags, PreparedRun prepared, String since,
      String advice) {
    List<ConfigProblem> problems = new ArrayList<>();
    prepared.references().forEach((id, digest) -> {
      String then = tags.get(RunRecord.REFERENCE_TAG_PREFIX + id);
      if (then != null && !then.equals(digest)) {
        boolean firstStage = prepared.latent() != null && id.equals(prepared.spec().firstStageRun());
        problems.add(new ConfigProblem(firstStage ? LatentSpace.SPEC_PATH : "run " + id, "the checkpoint of run " + id
            + (firstStage ? ", the first stage," : "") + " changed since run " + runId + " " + since + ": SHA-256 "
            + then + " then, " + digest + " now (it was resumed or retrained); " + advice));
      }
    });
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
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
