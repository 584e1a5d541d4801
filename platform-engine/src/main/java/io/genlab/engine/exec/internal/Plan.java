package io.genlab.engine.exec.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph compiled for one set of wanted outputs and one shape of every placeholder: its steps in
 * topological order, every array allocated once and reused by each {@link #run}.
 *
 * <p>Outputs are the plan's own arrays: the next run overwrites them. Not thread-safe.
 */
public final class Plan {
  private final Map<String, INDArray> slots;
  private final PlanStep[] steps;
  private final Map<String, INDArray> outputs;
  private final long bytes;
  private final List<String> notes;
  /**
   * Every array the steps read or write. Java kernels reach arrays through NIO views, which do not keep
   * an INDArray alive: without this, the garbage collector frees memory a kernel still writes.
   */
  @SuppressWarnings("unused")
  private final List<INDArray> retained;

  Plan(Map<String, INDArray> slots, List<PlanStep> steps, Map<String, INDArray> outputs, long bytes, List<String> notes,
      List<INDArray> retained) {
    this.retained = List.copyOf(retained);
    this.slots = slots;
    this.steps = steps.toArray(new PlanStep[0]);
    this.outputs = Collections.unmodifiableMap(outputs);
    this.bytes = bytes;
    this.notes = List.copyOf(notes);
  }

  /** What the compiler noticed: ops kept because their rewrite disagreed with them. */
  public List<String> notes() {
    return notes;
  }

  /**
   * Copies {@code feeds} into the placeholders and runs every step.
   *
   * @param feeds a value of the compiled shape for every placeholder the plan reads (others are ignored)
   * @return the wanted outputs by name; live arrays that the next run overwrites
   */
  public Map<String, INDArray> run(Map<String, INDArray> feeds) {
    for (Map.Entry<String, INDArray> slot : slots.entrySet()) {
      INDArray feed = feeds.get(slot.getKey());
      if (feed == null) {
        throw new IllegalArgumentException("no value for placeholder '" + slot.getKey() + "'");
      }
      if (!Arrays.equals(feed.shape(), slot.getValue().shape())) {
        throw new IllegalArgumentException("placeholder '" + slot.getKey() + "' was compiled for shape "
            + Arrays.toString(slot.getValue().shape()) + ", got " + Arrays.toString(feed.shape()));
      }
      slot.getValue().assign(feed);
    }
    for (PlanStep step : steps) {
      step.run();
    }
    return outputs;
  }

  /** The outputs of the last run, by name. */
  public Map<String, INDArray> outputs() {
    return outputs;
  }

  /** The steps in execution order (for profiles and tests). */
  public List<PlanStep> steps() {
    return List.of(steps);
  }

  /** Bytes of the arrays this plan allocated (activations, gradients, placeholders). */
  public long bytes() {
    return bytes;
  }
}
