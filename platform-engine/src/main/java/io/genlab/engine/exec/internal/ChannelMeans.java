package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;

/**
 * Means over every axis but the channel axis 1 ({@code reduce_mean} over {@code [0, 2, 3]} of NCHW,
 * or {@code [0]} of {@code [n, features]}, dimensions kept): a batch norm's batch statistics, two per
 * normalisation in training; and over the last axis of {@code [n, groups, k]}, a group norm's.
 * libnd4j spent about 1 ns per value on them (0.7-0.8 ms for DCGAN's 800k-value activations); here
 * each image's channel plane is summed over eight interleaved float partial sums ({@link FloatSums})
 * and the planes' sums added in double, channels split over the threads in contiguous runs, so every
 * value is the same at any thread count.
 */
final class ChannelMeans implements Rewrite {

  @Override
  public Replacement apply(OpSite site) {
    if (!site.opName().equals("reduce_mean") || site.inputCount() != 1 || site.outputCount() != 1
        || !(site.function() instanceof BaseReduceOp op) || !op.isKeepDims() || op.dimensions() == null) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray out = site.output(0);
    long[] dims = op.dimensions().toLongVector();
    if (!FloatBuffers.isContiguousFloat(x) || !FloatBuffers.isContiguousFloat(out)) {
      return null;
    }
    if (x.rank() == 3 && Arrays.equals(dims, new long[] {2})) {
      return rowMeans(site, x, out);
    }
    boolean statistics = x.rank() == 4 && Arrays.equals(dims, new long[] {0, 2, 3})
        || x.rank() == 2 && Arrays.equals(dims, new long[] {0});
    if (!statistics || out.length() != x.size(1)) {
      return null;
    }
    int n = (int) x.size(0);
    int channels = (int) x.size(1);
    int pixels = x.rank() == 4 ? (int) (x.size(2) * x.size(3)) : 1;
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer ov = FloatBuffers.view(out);
    double count = (double) n * pixels;
    Parallel parallel = site.parallel();
    return Replacement.of(new KernelStep("java reduce_mean '" + site.name() + "' " + channels + " channels of "
        + (long) n * pixels, () -> parallel.forEach(channels, (from, to, scratch) -> {
          int width = (to - from) * pixels;
          float[] block = scratch.floats(0, width);
          double[] sums = scratch.zeroedDoubles(to - from);
          for (int e = 0; e < n; e++) {
            xv.get((e * channels + from) * pixels, block, 0, width);
            if (pixels == 1) {
              // [n, features]: the same sums as below without a call per value (a generator's
              // 6272-feature batch norm spent 0.9 ms per reduction in those calls).
              for (int c = 0; c < to - from; c++) {
                sums[c] += block[c];
              }
              continue;
            }
            for (int c = 0; c < to - from; c++) {
              sums[c] += FloatSums.sum(block, c * pixels, (c + 1) * pixels);
            }
          }
          for (int c = 0; c < to - from; c++) {
            ov.put(from + c, (float) (sums[c] / count));
          }
        })));
  }

  /** Means over the last axis of {@code [n, groups, k]}: a group norm's statistics, one row per group. */
  private static Replacement rowMeans(OpSite site, INDArray x, INDArray out) {
    int rows = (int) (x.size(0) * x.size(1));
    int length = (int) x.size(2);
    if (out.length() != rows) {
      return null;
    }
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer ov = FloatBuffers.view(out);
    Parallel parallel = site.parallel();
    return Replacement.of(new KernelStep("java reduce_mean '" + site.name() + "' " + rows + " rows of " + length,
        () -> parallel.forEach(rows, (from, to, scratch) -> {
          float[] row = scratch.floats(0, length);
          for (int r = from; r < to; r++) {
            xv.get(r * length, row, 0, length);
            ov.put(r, (float) ((double) FloatSums.sum(row, 0, length) / length));
          }
        })));
  }
}
