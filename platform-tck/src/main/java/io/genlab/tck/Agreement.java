package io.genlab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks that two executors' arrays agree within a tolerance relative to the expected array's scale. */
final class Agreement {
  private Agreement() {}

  /**
   * Fails unless {@code got} has {@code expected}'s shape and every element lies within
   * {@code tolerance} times the largest finite magnitude of {@code expected} (0: bit for bit).
   */
  static void check(String what, INDArray expected, INDArray got, double tolerance) {
    check(what, expected, got, tolerance, scale(expected));
  }

  /** The largest finite magnitude in {@code array}. */
  static double scale(INDArray array) {
    double scale = 0;
    for (double v : array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector()) {
      if (Double.isFinite(v)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    return scale;
  }

  /** As {@link #check(String, INDArray, INDArray, double)}, relative to {@code scale}. */
  static void check(String what, INDArray expected, INDArray got, double tolerance, double scale) {
    assertThat(got).as(what + " is missing").isNotNull();
    assertThat(got.shape()).as(what + " shape").isEqualTo(expected.shape());
    if (tolerance == 0) {
      assertThat(got).as(what + " (bit for bit)").isEqualTo(expected);
      return;
    }
    double[] e = expected.castTo(DataType.DOUBLE).reshape(expected.length()).toDoubleVector();
    double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector();
    for (int i = 0; i < e.length; i++) {
      double diff = Math.abs(e[i] - g[i]);
      if (!(diff <= tolerance * scale) && !(Double.compare(e[i], g[i]) == 0)) {
        throw new AssertionError(what + ": element " + i + " is " + g[i] + ", SameDiff computed " + e[i]
            + " (difference " + diff + " > " + tolerance + " x " + scale + ")");
      }
    }
  }
}
