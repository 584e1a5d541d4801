package io.genlab.engine.train;

import java.util.Map;

/** Receives training progress; the runner logs, prints and checkpoints from it. Called from the training thread. */
public interface TrainingListener {

  /** Before the first iteration; {@code totalIterations} counts every iteration of the run. */
  default void onStart(TrainingState state, long totalIterations) {}

  /** After each iteration, with its scalars ({@code loss/<objective>}, {@code train/<diagnostic>}). */
  default void onIteration(TrainingState state, Map<String, Double> scalars) {}

  /** After each epoch, with the epoch's mean of every scalar. */
  default void onEpochEnd(TrainingState state, Map<String, Double> means) {}

  /** Polled before each iteration: true ends training early (Ctrl-C). */
  default boolean stopRequested() {
    return false;
  }
}
