package io.genlab.engine.exec;

import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a model's graph: forward outputs, and gradients of one objective.
 *
 * <p>This is the seam where a planned executor (ops ordered once, arrays preallocated, hot ops
 * rewritten) will replace SameDiff's interpreter; models, losses and the trainer only see this
 * interface. Not thread-safe.
 */
public interface GraphExecutor {

  /**
   * Computes the gradients of {@code objective} with respect to {@code parameters}, and the values of
   * {@code outputs} in the same pass.
   *
   * @param feeds a value for every placeholder
   * @return gradients by parameter name and outputs by name; arrays may be reused by the next call
   */
  Step gradients(Map<String, INDArray> feeds, Objective objective, List<String> parameters, Collection<String> outputs);

  /** Computes {@code outputs} from {@code feeds}. */
  Map<String, INDArray> output(Map<String, INDArray> feeds, Collection<String> outputs);

  /** The live array of a trainable variable; updating it in place updates the model. */
  INDArray parameter(String name);

  /**
   * Frees what only training needs (compiled gradient plans, their activations and gradients), before a
   * run evaluates; a later {@link #gradients} call builds it again. Does nothing by default.
   */
  default void releaseTrainingMemory() {}

  /**
   * What a gradient pass returns.
   *
   * @param gradients by parameter name
   * @param outputs the requested outputs by name
   */
  record Step(Map<String, INDArray> gradients, Map<String, INDArray> outputs) {}

  /** Creates executors; the runner and the TCK choose one. */
  @FunctionalInterface
  interface Factory {
    /** An executor over {@code sameDiff}, whose loss ops {@code objectives} were added by the loss. */
    GraphExecutor create(SameDiff sameDiff, Objectives objectives);
  }
}
