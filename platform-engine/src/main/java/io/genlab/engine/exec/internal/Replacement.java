package io.genlab.engine.exec.internal;

import java.util.Map;

/**
 * What a {@link Rewrite} puts in place of an op: a step computing its outputs, and the outputs that
 * become another array outright (an add's gradient is its input gradient).
 *
 * @param step computes the outputs not aliased; null when every output is aliased
 * @param aliases output variable names mapped to the arrays they now are
 */
record Replacement(PlanStep step, Map<String, org.nd4j.linalg.api.ndarray.INDArray> aliases) {

  static Replacement of(PlanStep step) {
    return new Replacement(step, Map.of());
  }
}
