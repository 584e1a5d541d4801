package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.VectorSupport;

/**
 * Sigmoid and softplus over Java arrays for the fused kernels: on the Vector API's lanes
 * ({@link VectorMath}) where the JVM has the module, otherwise in scalar code ({@link FloatMath}), with
 * the same values either way. Stateless.
 */
final class Transcendentals {
  private static final boolean VECTORS = VectorSupport.available();

  private Transcendentals() {}

  /** {@code out[i] = sigmoid(a[i])} for {@code i < n}. */
  static void sigmoid(float[] a, float[] out, int n) {
    if (VECTORS) {
      Lanes.sigmoid(a, out, n);
    } else {
      FloatMath.sigmoid(a, out, 0, n);
    }
  }

  /** {@code out[i] = softplus(a[i])} for {@code i < n}. */
  static void softplus(float[] a, float[] out, int n) {
    if (VECTORS) {
      Lanes.softplus(a, out, n);
    } else {
      FloatMath.softplus(a, out, 0, n);
    }
  }

  /** Kept apart so that {@link VectorMath}, and the module, load only when the module is there. */
  private static final class Lanes {
    static void sigmoid(float[] a, float[] out, int n) {
      VectorMath.sigmoid(a, out, n);
    }

    static void softplus(float[] a, float[] out, int n) {
      VectorMath.softplus(a, out, n);
    }
  }
}
