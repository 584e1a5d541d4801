package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.function.IntToDoubleFunction;
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

  /** An array's values in C order, read in place where it is a contiguous float array. */
  private static IntToDoubleFunction values(INDArray array) {
    if (FloatBuffers.isContiguousFloat(array)) {
      FloatBuffer view = FloatBuffers.view(array);
      return view::get;
    }
    double[] copy = array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    return i -> copy[i];
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
    // Read in place: a compiled plan checks every rewrite on its first run, and copies of
    // activation-sized arrays would be garbage that off-heap memory holds until a collection.
    IntToDoubleFunction e = values(expected);
    IntToDoubleFunction g = values(got);
    int length = Math.toIntExact(expected.length());
    double scale = inputScale;
    for (int i = 0; i < length; i++) {
      double v = e.applyAsDouble(i);
      if (Double.isFinite(v)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    double worst = 0;
    int at = -1;
    for (int i = 0; i < length; i++) {
      double ei = e.applyAsDouble(i);
      double gi = g.applyAsDouble(i);
      if (Double.isFinite(ei) != Double.isFinite(gi) || (!Double.isFinite(ei) && Double.compare(ei, gi) != 0)) {
        return "element " + i + " is " + gi + " instead of " + ei;
      }
      double d = Math.abs(ei - gi);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > TOLERANCE * scale) {
      return "element " + at + " is " + g.applyAsDouble(at) + " instead of " + e.applyAsDouble(at) + " (scale " + scale + ")";
    }
    return null;
  }
}
