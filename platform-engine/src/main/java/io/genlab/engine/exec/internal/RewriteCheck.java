package io.genlab.engine.exec.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The agreement a rewrite must show with the op it replaces: the same shape, the same non-finite
 * values, and every element within {@value #TOLERANCE} of the op's own result relative to the
 * magnitudes involved: the largest of the result, or of an input times the number of input values
 * per output value (a sum of many terms that cancel, such as a bias gradient before a batch norm, is
 * only as exact as its terms are large).
 */
final class RewriteCheck {
  static final double TOLERANCE = 1e-5;

  private RewriteCheck() {}

  /** The scale of the inputs for an output of {@code outputLength} values (see the class comment). */
  static double inputScale(INDArray[] inputs, long outputLength) {
    double scale = 0;
    for (INDArray in : inputs) {
      if (in.dataType().isFPType() && in.length() > 0) {
        double max = in.amaxNumber().doubleValue();
        if (Double.isFinite(max)) {
          scale = Math.max(scale, max * Math.max(1.0, (double) in.length() / Math.max(1, outputLength)));
        }
      }
    }
    return scale;
  }

  /**
   * Why {@code got} does not agree with {@code expected}, or null when it does.
   *
   * @param inputScale see {@link #inputScale}
   */
  static String disagreement(INDArray expected, INDArray got, double inputScale) {
    if (!java.util.Arrays.equals(expected.shape(), got.shape()) && expected.length() != got.length()) {
      return "shape " + java.util.Arrays.toString(got.shape()) + " instead of " + java.util.Arrays.toString(expected.shape());
    }
    double[] e = expected.castTo(DataType.DOUBLE).reshape(expected.length()).toDoubleVector();
    double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector();
    double scale = inputScale;
    for (double v : e) {
      if (Double.isFinite(v)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    double worst = 0;
    int at = -1;
    for (int i = 0; i < e.length; i++) {
      if (Double.isFinite(e[i]) != Double.isFinite(g[i]) || (!Double.isFinite(e[i]) && Double.compare(e[i], g[i]) != 0)) {
        return "element " + i + " is " + g[i] + " instead of " + e[i];
      }
      double d = Math.abs(e[i] - g[i]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > TOLERANCE * scale) {
      return "element " + at + " is " + g[at] + " instead of " + e[at] + " (scale " + scale + ")";
    }
    return null;
  }
}
