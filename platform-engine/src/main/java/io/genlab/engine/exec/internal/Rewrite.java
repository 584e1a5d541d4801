package io.genlab.engine.exec.internal;

/**
 * Replaces one op of a plan by a faster computation of the same outputs, or declines.
 *
 * <p>A rewrite sees the op with its inputs and its allocated outputs ({@link OpSite}); it must compute
 * exactly what the op computes, up to float rounding. The compiler checks each replacement against the
 * op itself on the first run and keeps the op where they differ (see {@link PlanCompiler}). Each
 * compilation makes its own instances.
 */
interface Rewrite {

  /**
   * Looks at the whole plan before any op is compiled ({@code order}: the ops in execution order), for
   * rewrites of several ops; does nothing by default.
   */
  default void prepare(org.nd4j.autodiff.samediff.SameDiff graph,
      java.util.List<org.nd4j.autodiff.samediff.internal.SameDiffOp> order, java.util.Set<String> wanted) {}

  /** A replacement of {@code site}'s op, or null when this rewrite does not apply. */
  Replacement apply(OpSite site);

  /**
   * Variables a replacement of {@code op} may read besides the op's inputs (a gradient reading the
   * forward pass's output): the compiler keeps them until that op has run.
   */
  default java.util.List<String> extraReads(org.nd4j.autodiff.samediff.internal.SameDiffOp op,
      org.nd4j.autodiff.samediff.SameDiff graph) {
    return java.util.List.of();
  }
}
