package io.genlab.engine.exec.internal;

import java.util.Map;

/**
 * What a {@link Rewrite} puts in place of an op: a step computing its outputs, the outputs that become
 * another array outright (an add's gradient is its input gradient), and the earlier ops whose work the
 * step does as well (a fused normalisation absorbs the ops that led up to its last one).
 *
 * @param step computes the outputs not aliased; null when every output is aliased
 * @param aliases output variable names mapped to the arrays they now are
 * @param absorbed names of earlier ops of the plan whose steps are no longer run
 * @param writes outputs of absorbed ops that the step computes in their place, by variable name (the
 *     compiler checks them against the values those ops computed)
 * @param earlierSteps steps that take the place of earlier ops' ones, by op name, already checked by
 *     the rewrite that made them (a group norm's forward kernel, usable in training only once its
 *     gradient is fused too, because the unfused gradient reads the intermediate values it skips)
 * @param unwritten outputs of the op the step leaves as they are because no op of the plan reads them
 *     and they are not wanted (the compiler checks both, and does not compare them)
 */
record Replacement(PlanStep step, Map<String, org.nd4j.linalg.api.ndarray.INDArray> aliases, java.util.Set<String> absorbed,
    Map<String, org.nd4j.linalg.api.ndarray.INDArray> writes, Map<String, PlanStep> earlierSteps,
    java.util.Set<String> unwritten) {

  Replacement(PlanStep step, Map<String, org.nd4j.linalg.api.ndarray.INDArray> aliases, java.util.Set<String> absorbed,
      Map<String, org.nd4j.linalg.api.ndarray.INDArray> writes, Map<String, PlanStep> earlierSteps) {
    this(step, aliases, absorbed, writes, earlierSteps, java.util.Set.of());
  }

  Replacement(PlanStep step, Map<String, org.nd4j.linalg.api.ndarray.INDArray> aliases, java.util.Set<String> absorbed,
      Map<String, org.nd4j.linalg.api.ndarray.INDArray> writes) {
    this(step, aliases, absorbed, writes, Map.of());
  }

  Replacement(PlanStep step, Map<String, org.nd4j.linalg.api.ndarray.INDArray> aliases) {
    this(step, aliases, java.util.Set.of(), Map.of());
  }

  Replacement(PlanStep step, Map<String, org.nd4j.linalg.api.ndarray.INDArray> aliases, java.util.Set<String> absorbed) {
    this(step, aliases, absorbed, Map.of());
  }

  static Replacement of(PlanStep step) {
    return new Replacement(step, Map.of());
  }

  /** A step computing every output of the op but {@code unwritten}, which nothing reads. */
  static Replacement leaving(PlanStep step, java.util.Set<String> unwritten) {
    return new Replacement(step, Map.of(), java.util.Set.of(), Map.of(), Map.of(), unwritten);
  }
}
