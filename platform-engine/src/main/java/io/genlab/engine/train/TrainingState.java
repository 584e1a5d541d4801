package io.genlab.engine.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where training stands: the next batch to run, how many updates each group has had, and the running
 * sums of the current epoch's scalars.
 *
 * <p>With counter-based noise this is the whole random-number position too: a run resumed from a
 * state draws exactly the numbers an uninterrupted run would, and its epoch means come out the same
 * even when it stopped mid-epoch.
 *
 * @param epoch the current epoch, from 0
 * @param batch the next batch within the epoch, from 0
 * @param iteration iterations completed in all
 * @param groupUpdates optimiser updates applied per parameter group
 * @param epochSums the sum of each scalar over the batches of the current epoch run so far
 */
public record TrainingState(int epoch, int batch, long iteration, Map<String, Integer> groupUpdates,
    Map<String, Double> epochSums) {
  public TrainingState {
    groupUpdates = Map.copyOf(groupUpdates);
    // Insertion order is the order scalars are logged in: keep it.
    epochSums = Collections.unmodifiableMap(new LinkedHashMap<>(epochSums));
  }

  /** The state before training. */
  public static TrainingState initial() {
    return new TrainingState(0, 0, 0, Map.of(), Map.of());
  }
}
