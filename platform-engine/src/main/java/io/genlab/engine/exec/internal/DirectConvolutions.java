package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import io.genlab.engine.internal.VectorSupport;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Convolutions with one to four output channels (stride 1, NCHW, weights [kH, kW, in, out]) as direct
 * shifted multiply-adds over each zero-padded input plane: a network's last layer, such as the U-Net's
 * 32 -> 1, which libnd4j ran at 8 GFLOP/s (3.7 ms at batch 64 for 14.5 million multiply-adds); im2col
 * would be bound by memory with so few output rows. Images are split over threads and each output
 * value sums channels and taps in one fixed order, so values do not depend on the thread count.
 * Stateless.
 */
final class DirectConvolutions implements Rewrite {
  /** At most this many output channels. */
  static final int MAX_OUTPUTS = 4;
  private static final boolean VECTORS = VectorSupport.available();

  @Override
  public Replacement apply(OpSite site) {
    if (!ConvolutionSites.plainOp(site, "conv2d")) {
      return null;
    }
    long[] a = site.iArgs();
    if (a[2] != 1 || a[3] != 1) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray bias = site.inputCount() == 3 ? site.input(2) : null;
    INDArray out = site.output(0);
    if (x.rank() != 4 || w.rank() != 4 || out.rank() != 4) {
      return null;
    }
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int h = (int) x.size(2);
    int wd = (int) x.size(3);
    int kh = (int) a[0];
    int kw = (int) a[1];
    int ph = (int) a[4];
    int pw = (int) a[5];
    int o = (int) out.size(1);
    int oh = h + 2 * ph - kh + 1;
    int ow = wd + 2 * pw - kw + 1;
    if (o > MAX_OUTPUTS || !Arrays.equals(w.shape(), new long[] {kh, kw, c, o})
        || !Arrays.equals(out.shape(), new long[] {n, o, oh, ow}) || bias != null && bias.length() != o) {
      return null;
    }
    float[] weights = new float[kh * kw * c * o];
    float[] biases = new float[o];
    FloatBuffer wv = FloatBuffers.view(w);
    FloatBuffer bv = bias == null ? null : FloatBuffers.view(bias);
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer ov = FloatBuffers.view(out);
    int paddedWidth = wd + 2 * pw;
    // Each tap's products run over whole padded rows (the columns past the output's width are computed
    // and dropped): one long loop per tap that HotSpot vectorises, instead of 28-value row pieces.
    int wide = oh * paddedWidth;
    int paddedSize = (h + 2 * ph) * paddedWidth + kw;
    int plane = oh * ow;
    Parallel parallel = site.parallel();
    Runnable kernel = () -> {
      // Weights change between steps: read once per call, then shared read-only by the threads.
      wv.get(0, weights);
      if (bv != null) {
        bv.get(0, biases);
      }
      parallel.forEach(n, (from, to, scratch) -> {
        float[] padded = scratch.floats(0, paddedSize);
        float[] sums = scratch.floats(1, o * wide);
        float[] result = scratch.floats(2, o * plane);
        Arrays.fill(padded, 0, paddedSize, 0f);
        for (int image = from; image < to; image++) {
          for (int k = 0; k < o; k++) {
            Arrays.fill(sums, k * wide, (k + 1) * wide, biases[k]);
          }
          for (int ch = 0; ch < c; ch++) {
            int base = (image * c + ch) * h * wd;
            for (int y = 0; y < h; y++) {
              xv.get(base + y * wd, padded, (y + ph) * paddedWidth + pw, wd);
            }
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int tap = ((ky * kw + kx) * c + ch) * o;
                int shift = ky * paddedWidth + kx;
                for (int k = 0; k < o; k++) {
                  float weight = weights[tap + k];
                  multiplyAdd(weight, padded, shift, sums, k * wide, wide);
                }
              }
            }
          }
          for (int k = 0; k < o; k++) {
            for (int y = 0; y < oh; y++) {
              System.arraycopy(sums, k * wide + y * paddedWidth, result, k * plane + y * ow, ow);
            }
          }
          ov.put(image * o * plane, result, 0, o * plane);
        }
      });
    };
    return Replacement.of(new KernelStep("java direct conv2d '" + site.name() + "' " + c + " -> " + o + " channels",
        kernel));
  }

  /**
   * {@code y[yFrom + i] += a * x[xFrom + i]} for {@code i < n}, product and sum each rounded (no fused
   * multiply-add), on lanes where the module is there: HotSpot does not vectorise the loop itself when
   * the two arrays are indexed at different offsets.
   */
  static void multiplyAdd(float a, float[] x, int xFrom, float[] y, int yFrom, int n) {
    int i = VECTORS ? Lanes.multiplyAdd(a, x, xFrom, y, yFrom, n) : 0;
    for (; i < n; i++) {
      y[yFrom + i] += a * x[xFrom + i];
    }
  }

  /** Kept apart so that the Vector API loads only when the module is there. */
  private static final class Lanes {
    private static final jdk.incubator.vector.VectorSpecies<Float> FLOATS =
        jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;

    /** The vector part of {@link #multiplyAdd}; returns where the scalar rest starts. */
    static int multiplyAdd(float a, float[] x, int xFrom, float[] y, int yFrom, int n) {
      int i = 0;
      for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
        jdk.incubator.vector.FloatVector.fromArray(FLOATS, x, xFrom + i).mul(a)
            .add(jdk.incubator.vector.FloatVector.fromArray(FLOATS, y, yFrom + i)).intoArray(y, yFrom + i);
      }
      return i;
    }
  }
}
