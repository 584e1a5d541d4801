package io.genlab.runner.run;

import io.genlab.tracking.TrackedRun;
import java.util.Map;
import java.util.Optional;

/**
 * Decides at the end of each epoch whether a run goes on: the hook sweeps use for successive halving.
 * Called from the training thread; implementations may read the tracker.
 */
@FunctionalInterface
public interface EarlyStopping {
  /** Never stops: plain runs. */
  EarlyStopping NEVER = (epochs, metrics, run) -> Optional.empty();

  /**
   * Whether to stop after {@code epochsDone} epochs.
   *
   * @param epochsDone the number of epochs completed, from 1
   * @param epochMetrics the epoch's means as logged ({@code epoch/loss/<objective>}, ...)
   * @param run the run being trained, to log the decision on
   * @return why the run stops, or empty to go on
   */
  Optional<String> stopAfterEpoch(int epochsDone, Map<String, Double> epochMetrics, TrackedRun run);
}
