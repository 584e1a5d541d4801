package io.genlab.flow.internal;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One invertible layer of a flow, built twice over the same parameters: forward (data towards the base
 * distribution, with its log-determinant) in the training graph and inverse in the sampling graph.
 */
interface FlowStep {

  /** The per-example shape this step maps to (its input shape for shape-preserving steps). */
  long[] outputShape();

  /** Adds y = f(x) to the graph and this step's log|det df/dx| to the running total. */
  Flowing forward(Flowing in);

  /** Adds x = f^-1(y) to the graph. */
  SDVariable inverse(SDVariable y);

  /**
   * A value on its way through the flow and the log-determinant accumulated so far.
   *
   * @param value the batch {@code [B, ...shape]}
   * @param logDet {@code [B]} or a broadcastable scalar, or {@code null} before the first term
   */
  record Flowing(SDVariable value, SDVariable logDet) {
    Flowing plus(SDVariable value, SDVariable term) {
      return new Flowing(value, logDet == null ? term : logDet.add(term));
    }
  }
}
