package io.genlab.engine.exec.internal;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Additions of zeros as the other operand itself: SameDiff's gradients add a {@code zeroslike} to
 * every gradient that has no second contribution (71 of the DDPM U-Net's 191 adds, several over whole
 * activations), and x + 0 is x. The output becomes the other operand's array, so the step and its
 * memory pass disappear; the only difference is the sign of a zero (-0 + 0 is +0), which is why plans
 * without rewrites keep the op. Stateless.
 */
final class ZeroAdditions implements Rewrite {

  @Override
  public Replacement apply(OpSite site) {
    if (!site.opName().equals("add") || site.inputCount() != 2 || site.outputCount() != 1) {
      return null;
    }
    for (int zeros = 0; zeros < 2; zeros++) {
      INDArray other = site.input(1 - zeros);
      INDArray out = site.output(0);
      if (zerosLike(site, site.inputName(zeros)) && Arrays.equals(other.shape(), out.shape())
          && Arrays.equals(site.input(zeros).shape(), out.shape()) && other.dataType() == out.dataType()) {
        return new Replacement(null, Map.of(site.outputName(0), other));
      }
    }
    return null;
  }

  /** Whether {@code variable} is the output of a {@code zeroslike} or {@code zeros_as} op (folded to zeros). */
  private static boolean zerosLike(OpSite site, String variable) {
    SameDiffOp producer = GraphPatterns.producer(site.graph(), variable);
    String op = producer == null ? "" : producer.getOp().opName();
    return op.equals("zeroslike") || op.equals("zeros_as");
  }
}
