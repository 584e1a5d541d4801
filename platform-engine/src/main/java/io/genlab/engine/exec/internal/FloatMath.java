package io.genlab.engine.exec.internal;

/**
 * Sigmoid, softplus and exp in float with Cephes' single-precision polynomials (relative error about
 * 1e-7), written with exactly rounded operations only (add, multiply, fused multiply-add, bit
 * reinterpretation). {@link VectorMath} runs the same operations on vector lanes, so a value is the
 * same whether it was computed here or there: with or without the Vector API, on any vector width,
 * thread count or compilation state. Stateless and thread-safe.
 */
final class FloatMath {
  // exp(x) = 2^k e^r, k = x log2(e) rounded, r = x - k ln 2 (ln 2 split in two for exactness).
  static final float EXP_HIGH = 88.3762626647949f;
  static final float EXP_LOW = -87.3365447504f;
  static final float LOG2E = 1.44269504088896341f;
  /** 1.5 * 2^23: adding and removing it rounds to an integer, and leaves the integer in the low bits. */
  static final float ROUNDER = 12582912f;
  static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  static final float LN2_HIGH = 0.693359375f;
  static final float LN2_LOW = -2.12194440e-4f;
  static final float[] EXP_POLY = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
      4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
  // log(1 + f) = f - f^2 / 2 + f^3 P(f) for f in [sqrt(1/2) - 1, sqrt(2) - 1].
  static final float SQRT2 = 1.41421356237309504880f;
  static final float[] LOG_POLY = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f,
      -1.2420140846e-1f, 1.4249322787e-1f, -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f,
      3.3333331174e-1f};

  private FloatMath() {}

  /** {@code out[i] = sigmoid(a[i])} for {@code i} in {@code [from, n)}. */
  static void sigmoid(float[] a, float[] out, int from, int n) {
    for (int i = from; i < n; i++) {
      out[i] = sigmoid(a[i]);
    }
  }

  /** {@code out[i] = softplus(a[i])} for {@code i} in {@code [from, n)}. */
  static void softplus(float[] a, float[] out, int from, int n) {
    for (int i = from; i < n; i++) {
      out[i] = softplus(a[i]);
    }
  }

  /** {@code out[i] = exp(a[i])} for {@code i} in {@code [from, n)}. */
  static void exp(float[] a, float[] out, int from, int n) {
    for (int i = from; i < n; i++) {
      out[i] = exp(a[i]);
    }
  }

  /** {@code 1 / (1 + exp(-x))}, libnd4j's formula. */
  static float sigmoid(float x) {
    return 1f / (exp(-x) + 1f);
  }

  /**
   * {@code log(1 + exp(x))} as {@code max(x, 0) + log1p(exp(-|x|))}, which does not overflow for large
   * {@code x} (libnd4j's {@code log(1 + exp(x))} becomes infinite past 88).
   */
  static float softplus(float x) {
    return Math.max(x, 0f) + log1pOfUnit(exp(-Math.abs(x)));
  }

  /** e^x, clamped to the normal floats' range (so 0 below -87.3 becomes 1.2e-38). */
  static float exp(float v) {
    float x = Math.min(Math.max(v, EXP_LOW), EXP_HIGH);
    float shifted = x * LOG2E + ROUNDER;
    float kf = shifted - ROUNDER;
    int k = Float.floatToRawIntBits(shifted) - ROUNDER_BITS;
    float r = Math.fma(kf, -LN2_HIGH, x);
    r = Math.fma(kf, -LN2_LOW, r);
    float p = EXP_POLY[0];
    for (int c = 1; c < EXP_POLY.length; c++) {
      p = Math.fma(p, r, EXP_POLY[c]);
    }
    float y = Math.fma(p, r * r, r) + 1f;
    return y * Float.intBitsToFloat((k + 127) << 23);
  }

  /** log(1 + e) for e in [0, 1], with the rounding of 1 + e corrected for. */
  static float log1pOfUnit(float e) {
    float u = e + 1f;
    float correction = (e - (u - 1f)) / u;
    boolean high = u > SQRT2;
    float f = (high ? u * 0.5f : u) - 1f;
    float k = high ? 1f : 0f;
    float z = f * f;
    float p = LOG_POLY[0];
    for (int c = 1; c < LOG_POLY.length; c++) {
      p = Math.fma(p, f, LOG_POLY[c]);
    }
    float y = p * f * z;
    y = Math.fma(k, LN2_LOW, y);
    y = Math.fma(z, -0.5f, y);
    return f + y + k * LN2_HIGH + correction;
  }
}
