package io.genlab.engine.exec.internal;

/**
 * Replaces one op of a plan by a faster computation of the same outputs, or declines.
 *
 * <p>A rewrite sees the op with its inputs and its allocated outputs ({@link OpSite}); it must compute
 * exactly what the op computes, up to float rounding. The compiler checks each replacement against the
 * op itself on the first run and keeps the op where they differ (see {@link PlanCompiler}).
 * Implementations are stateless.
 */
interface Rewrite {

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
