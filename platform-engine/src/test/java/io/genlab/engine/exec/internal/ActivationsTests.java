package io.genlab.engine.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.internal.VectorSupport;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The piecewise-linear activation kernels on the Vector API's lanes against their scalar loops, bit for
 * bit, over values that include zeros of both signs, subnormals, infinities and NaN, at lengths that
 * leave a scalar tail; and the scalar loops against the definitions they implement.
 */
class ActivationsTests {
  private static final float ALPHA = 0.2f;

  private static float[] values(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, -1e-40f};
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i % 7 == 3 ? specials[random.nextInt(specials.length)] : (float) (random.nextGaussian() * 3);
    }
    return v;
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  @Test
  void laneKernelsEqualTheScalarLoopsBitForBit() {
    assertThat(VectorSupport.available()).as("surefire adds " + VectorSupport.MODULE).isTrue();
    for (int n : new int[] {1, 15, 16, 17, 100, 4099}) {
      float[] x = values(n, n);
      float[] g = values(n + 1000L, n);
      float[] lane = new float[n];
      float[] scalar = new float[n];
      VectorMath.leakyRelu(x, lane, n, ALPHA);
      Activations.leakyRelu(x, scalar, 0, n, ALPHA);
      assertThat(bits(lane)).as("leaky relu, n=%d", n).isEqualTo(bits(scalar));
      VectorMath.leakyReluGradient(x, g, lane, n, ALPHA);
      Activations.leakyReluGradient(x, g, scalar, 0, n, ALPHA);
      assertThat(bits(lane)).as("leaky relu gradient, n=%d", n).isEqualTo(bits(scalar));
      VectorMath.reluGradient(x, g, lane, n);
      Activations.reluGradient(x, g, scalar, 0, n);
      assertThat(bits(lane)).as("relu gradient, n=%d", n).isEqualTo(bits(scalar));
    }
  }

  @Test
  void scalarLoopsFollowTheirDefinitions() {
    int n = 1000;
    float[] x = values(7, n);
    float[] g = values(8, n);
    float[] out = new float[n];
    Activations.leakyRelu(x, out, 0, n, ALPHA);
    for (int i = 0; i < n; i++) {
      assertThat(Float.floatToRawIntBits(out[i])).as("leaky relu of %s", x[i])
          .isEqualTo(Float.floatToRawIntBits(x[i] < 0 ? x[i] * ALPHA : x[i]));
    }
    Activations.leakyReluGradient(x, g, out, 0, n, ALPHA);
    for (int i = 0; i < n; i++) {
      assertThat(Float.floatToRawIntBits(out[i])).as("leaky relu gradient at %s", x[i])
          .isEqualTo(Float.floatToRawIntBits(x[i] < 0 ? g[i] * ALPHA : g[i]));
    }
    Activations.reluGradient(x, g, out, 0, n);
    for (int i = 0; i < n; i++) {
      assertThat(Float.floatToRawIntBits(out[i])).as("relu gradient at %s", x[i])
          .isEqualTo(Float.floatToRawIntBits((x[i] > 0 ? 1f : 0f) * g[i]));
    }
  }
}
