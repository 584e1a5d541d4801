package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 1x1 convolutions as prepared OpenBLAS calls: {@code conv2d} / {@code conv2d_bp} with a 1x1 kernel,
 * stride 1 and no padding (NCHW, weights [1, 1, in, out]) are a matrix product per example, which
 * libnd4j runs through its general convolution path (its 1x1 gradient was the slowest op of the DDPM
 * U-Net). Plain {@code matmul} stays with libnd4j, whose oneDNN matmul beat OpenBLAS's sgemm here.
 */
final class GemmRewrites implements Rewrite {

  @Override
  public Replacement apply(OpSite site) {
    if (!ConvolutionSites.contiguousFloats(site)) {
      return null;
    }
    return switch (site.opName()) {
      case "conv2d" -> pointwiseConvolution(site);
      case "conv2d_bp" -> pointwiseConvolutionGradient(site);
      default -> null;
    };
  }

  /** Whether a conv2d's iArgs describe a 1x1 kernel, stride 1, no padding, NCHW, weights [1, 1, in, out]. */
  private static boolean pointwise(OpSite site) {
    long[] a = site.iArgs();
    return a.length >= 8 && a[0] == 1 && a[1] == 1 && a[2] == 1 && a[3] == 1 && a[4] == 0 && a[5] == 0
        && (a.length < 9 || a[8] == 0) && (a.length < 10 || a[9] == 0) && (a.length < 11 || a[10] == 0)
        && site.input(0).rank() == 4 && site.input(1).rank() == 4;
  }

  private static Replacement pointwiseConvolution(OpSite site) {
    if (!pointwise(site) || site.inputCount() < 2 || site.inputCount() > 3) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray out = site.output(0);
    int batch = (int) x.size(0);
    int in = (int) x.size(1);
    int pixels = (int) (x.size(2) * x.size(3));
    int channels = (int) w.size(3);
    if (w.size(2) != in || out.size(1) != channels) {
      return null;
    }
    Gemm[] perExample = new Gemm[batch];
    for (int n = 0; n < batch; n++) {
      // out_n [out x pixels] = W^T [out x in] x_n [in x pixels]
      perExample[n] = Gemm.of(w, 0, in, channels, true, x, (long) n * in * pixels, in, pixels, false,
          out, (long) n * channels * pixels);
    }
    INDArray bias = site.inputCount() == 3 ? site.input(2) : null;
    FloatBuffer outView = FloatBuffers.view(out);
    FloatBuffer biasView = bias == null ? null : FloatBuffers.view(bias);
    Scratch scratch = site.scratch();
    return Replacement.of(new KernelStep("sgemm conv2d 1x1 '" + site.name() + "'", () -> {
      float beta = 0f;
      if (biasView != null) {
        float[] row = scratch.floats(0, pixels);
        for (int n = 0; n < batch; n++) {
          for (int o = 0; o < channels; o++) {
            java.util.Arrays.fill(row, 0, pixels, biasView.get(o));
            outView.put(((n * channels) + o) * pixels, row, 0, pixels);
          }
        }
        beta = 1f;
      }
      for (Gemm gemm : perExample) {
        gemm.run(beta);
      }
    }));
  }

  private static Replacement pointwiseConvolutionGradient(OpSite site) {
    if (!pointwise(site) || site.inputCount() < 3 || site.inputCount() > 4) {
      return null;
    }
    boolean hasBias = site.inputCount() == 4;
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray g = site.input(hasBias ? 3 : 2);
    INDArray dx = site.output(0);
    INDArray dw = site.output(1);
    int batch = (int) x.size(0);
    int in = (int) x.size(1);
    int pixels = (int) (x.size(2) * x.size(3));
    int channels = (int) w.size(3);
    if (site.outputCount() != (hasBias ? 3 : 2) || g.size(1) != channels) {
      return null;
    }
    Gemm[] inputGradient = new Gemm[batch];
    Gemm[] weightGradient = new Gemm[batch];
    for (int n = 0; n < batch; n++) {
      // dx_n [in x pixels] = W [in x out] g_n [out x pixels]; dW [in x out] += x_n [in x pixels] g_n^T
      inputGradient[n] = Gemm.of(w, 0, in, channels, false, g, (long) n * channels * pixels, channels, pixels, false,
          dx, (long) n * in * pixels);
      weightGradient[n] = Gemm.of(x, (long) n * in * pixels, in, pixels, false,
          g, (long) n * channels * pixels, channels, pixels, true, dw, 0);
    }
    FloatBuffer gView = FloatBuffers.view(g);
    FloatBuffer dbView = hasBias ? FloatBuffers.view(site.output(2)) : null;
    Scratch scratch = site.scratch();
    return Replacement.of(new KernelStep("sgemm conv2d_bp 1x1 '" + site.name() + "'", () -> {
      for (int n = 0; n < batch; n++) {
        inputGradient[n].run(0f);
        weightGradient[n].run(n == 0 ? 0f : 1f);
      }
      if (dbView != null) {
        double[] sums = scratch.zeroedDoubles(channels);
        float[] row = scratch.floats(0, pixels);
        for (int n = 0; n < batch; n++) {
          for (int o = 0; o < channels; o++) {
            gView.get(((n * channels) + o) * pixels, row, 0, pixels);
            // Eight partial sums: one double chain took 1.6 ms of the U-Net's 64 -> 32 gradient.
            sums[o] += FloatSums.sum(row, 0, pixels);
          }
        }
        for (int o = 0; o < channels; o++) {
          dbView.put(o, (float) sums[o]);
        }
      }
    }));
  }
}
