package io.genlab.runner.run;

import io.genlab.api.RunModels;
import io.genlab.api.TrainedModel;
import io.genlab.tracking.Tracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained models of a tracker's runs, as {@code genlab evaluate} rebuilds them: each run's logged spec
 * prepared at the current run's thread count, its data checked, its last checkpoint restored. Loaded models are
 * cached per run id, with the digest of the checkpoint they came from, so that a run records exactly what it
 * used. Not thread-safe.
 */
final class TrackedRunModels implements RunModels {
  /** How deep references may chain (a latent run whose sampler loads a classifier ...); a tampered store could loop. */
  private static final int MAX_DEPTH = 8;
  private final LoggedRunPreparation loggedRuns;
  private final Tracker tracker;
  private final int threads;
  private final List<String> chain;
  private final Map<String, LoggedRunPreparation.TrainedRun> loaded = new HashMap<>();

  /**
   * Models of {@code tracker}'s runs run at {@code threads} threads; {@code chain} holds the runs being loaded
   * that led here, outermost first, so that a reference back to one of them is refused instead of looping.
   */
  TrackedRunModels(LoggedRunPreparation loggedRuns, Tracker tracker, int threads, List<String> chain) {
    this.loggedRuns = loggedRuns;
    this.tracker = tracker;
    this.threads = threads;
    this.chain = List.copyOf(chain);
  }

  @Override
  public TrainedModel load(String runId) {
    return trainedRun(runId).model();
  }

  /** The run's model with its spec and checkpoint digest, loaded once. */
  LoggedRunPreparation.TrainedRun trainedRun(String runId) {
    LoggedRunPreparation.TrainedRun run = loaded.get(runId);
    if (run == null) {
      if (chain.contains(runId) || chain.size() >= MAX_DEPTH) {
        throw new io.genlab.engine.config.InvalidConfigException("run " + runId, "runs refer to each other in a "
            + "loop or deeper than " + MAX_DEPTH + ": " + String.join(" -> ", chain) + " -> " + runId);
      }
      List<String> longer = new ArrayList<>(chain);
      longer.add(runId);
      run = loggedRuns.trainedRun(runId, tracker, threads, longer);
      loaded.put(runId, run);
    }
    return run;
  }

  /** The runs loaded so far, by id, with the SHA-256 of the checkpoint each was restored from. */
  Map<String, String> checkpointDigests() {
    Map<String, String> out = new java.util.TreeMap<>();
    loaded.forEach((id, run) -> out.put(id, run.checkpointSha256()));
    return out;
  }
}
