package io.genlab.engine.train;

import java.util.Map;

/**
 * Where training stands: the next batch to run and how many updates each group has had.
 *
 * <p>With counter-based noise this is the whole random-number position too: a run resumed from a
 * state draws exactly the numbers an uninterrupted run would.
 *
 * @param epoch the current epoch, from 0
 * @param batch the next batch within the epoch, from 0
 * @param iteration iterations completed in all
 * @param groupUpdates optimiser updates applied per parameter group
 */
public record TrainingState(int epoch, int batch, long iteration, Map<String, Integer> groupUpdates) {
  public TrainingState {
    groupUpdates = Map.copyOf(groupUpdates);
  }

  /** The state before training. */
  public static TrainingState initial() {
    return new TrainingState(0, 0, 0, Map.of());
  }
}
