package io.genlab.engine.exec.internal;

/**
 * Reusable Java arrays that Java kernels copy their operands into: one set per plan, since a plan runs
 * one step at a time. Not thread-safe.
 */
final class Scratch {
  private final float[][] floats = new float[5][0];
  private double[] doubles = new double[0];

  /** Scratch float array {@code slot} (0-4) with room for at least {@code n} values; contents undefined. */
  float[] floats(int slot, int n) {
    if (floats[slot].length < n) {
      floats[slot] = new float[n];
    }
    return floats[slot];
  }

  /** A scratch double array of at least {@code n} values, zeroed in its first {@code n}. */
  double[] zeroedDoubles(int n) {
    if (doubles.length < n) {
      doubles = new double[n];
    } else {
      java.util.Arrays.fill(doubles, 0, n, 0.0);
    }
    return doubles;
  }
}
