package io.genlab.engine.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector routines against double-precision references, and each vector lane against the scalar
 * code of {@link FloatMath} (an array's tail, and JVMs without the Vector API): equal bit for bit, so
 * a value never depends on where it falls or how the JVM was started.
 */
class TranscendentalMathTests {
  private static final int N = 16 * 64;

  private static float[] inputs() {
    Random random = new Random(5);
    float[] x = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 30 : 3));
    }
    x[0] = 0f;
    x[1] = -0f;
    x[2] = 1e-7f;
    x[3] = -88f;
    x[4] = 88f;
    return x;
  }

  @Test
  void vectorLanesEqualTheScalarTail() {
    float[] x = inputs();
    float[] out = new float[N];
    VectorMath.exp(x, out, N);
    for (int i = 0; i < N; i++) {
      assertThat(Float.floatToRawIntBits(out[i])).as("exp(%s)", x[i]).isEqualTo(Float.floatToRawIntBits(FloatMath.exp(x[i])));
    }
    VectorMath.softplus(x, out, N);
    for (int i = 0; i < N; i++) {
      assertThat(Float.floatToRawIntBits(out[i])).as("softplus(%s)", x[i]).isEqualTo(Float.floatToRawIntBits(FloatMath.softplus(x[i])));
    }
    VectorMath.sigmoid(x, out, N);
    for (int i = 0; i < N; i++) {
      assertThat(Float.floatToRawIntBits(out[i])).as("sigmoid(%s)", x[i]).isEqualTo(Float.floatToRawIntBits(FloatMath.sigmoid(x[i])));
    }
  }

  @Test
  void matchDoublePrecisionWithinFloatRounding() {
    float[] x = inputs();
    float[] exp = new float[N];
    float[] sigmoid = new float[N];
    float[] softplus = new float[N];
    VectorMath.exp(x, exp, N);
    VectorMath.sigmoid(x, sigmoid, N);
    VectorMath.softplus(x, softplus, N);
    for (int i = 0; i < N; i++) {
      double v = x[i];
      if (Math.abs(v) < 80) {
        assertThat(exp[i]).as("exp(%s)", v).isCloseTo((float) Math.exp(v), org.assertj.core.data.Percentage.withPercentage(2e-5));
      }
      assertThat(sigmoid[i]).as("sigmoid(%s)", v).isCloseTo((float) (1 / (1 + Math.exp(-v))),
          org.assertj.core.data.Offset.offset(2e-7f * (float) (1 / (1 + Math.exp(-v))) + Float.MIN_NORMAL));
      double sp = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
      assertThat(softplus[i]).as("softplus(%s)", v).isCloseTo((float) sp, org.assertj.core.data.Offset.offset((float) (2e-7 * sp) + Float.MIN_NORMAL));
    }
    assertThat(FloatMath.exp(-200f)).as("below the normal range").isPositive().isLessThan(1.2e-38f);
  }
}
