package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of a convolution over an input of at most {@value #MAX_CHANNELS} channels (an image
 * network's first layer) as im2col, two OpenBLAS products and col2im, instead of libnd4j's
 * {@code conv2d_bp}, which took 40 ms at one thread for DCGAN's 1 -> 64 channel 4x4 layer at batch 64
 * (1.3 GFLOP/s) where its 64 -> 128 layer, with 64 times the arithmetic, took 13 ms. NCHW input,
 * weights as [kH, kW, C, O], no dilation, explicit padding; declines otherwise. Plans on one thread
 * only: its Java loops run on one thread, and at two DCGAN trained slower with it (438 against 484-536
 * examples/s) while at one it gained (396 -> 426). Sums run in a different order from libnd4j's, so
 * values agree to float rounding (checked on the plan's first run).
 */
final class FewChannelConvolutionGradient implements Rewrite {
  private static final int MAX_CHANNELS = 4;

  @Override
  public Replacement apply(OpSite site) {
    if (!site.opName().equals("conv2d_bp") || site.parallel().threads() > 1 || site.inputCount() != 4
        || site.outputCount() != 3) {
      return null;
    }
    long[] a = site.iArgs();
    if (a.length < 11 || a[6] != 1 || a[7] != 1 || a[8] != 0 || a[9] != 0 || a[10] != 0) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray gout = site.input(3);
    for (INDArray array : new INDArray[] {x, w, site.input(2), gout, site.output(0), site.output(1), site.output(2)}) {
      if (array.dataType() != DataType.FLOAT || !FloatBuffers.isContiguous(array)) {
        return null;
      }
    }
    int kh = (int) a[0];
    int kw = (int) a[1];
    int sh = (int) a[2];
    int sw = (int) a[3];
    int ph = (int) a[4];
    int pw = (int) a[5];
    if (x.rank() != 4 || gout.rank() != 4 || w.rank() != 4) {
      return null;
    }
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int h = (int) x.size(2);
    int wd = (int) x.size(3);
    int o = (int) w.size(3);
    int oh = (h + 2 * ph - kh) / sh + 1;
    int ow = (wd + 2 * pw - kw) / sw + 1;
    if (c > MAX_CHANNELS || w.size(0) != kh || w.size(1) != kw || w.size(2) != c
        || gout.size(0) != n || gout.size(1) != o || gout.size(2) != oh || gout.size(3) != ow) {
      return null;
    }
    int p = oh * ow;
    int k = kh * kw * c;
    int rows = Math.multiplyExact(n, p);
    INDArray cols = site.allocate(rows, k);
    INDArray goutT = site.allocate(rows, o);
    INDArray dcols = site.allocate(rows, k);
    Gemm weightGradient = Gemm.of(cols, 0, rows, k, true, goutT, 0, rows, o, false, site.output(1), 0);
    Gemm colsGradient = Gemm.of(goutT, 0, rows, o, false, w, 0, k, o, true, dcols, 0);
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer gv = FloatBuffers.view(gout);
    FloatBuffer colsView = FloatBuffers.view(cols);
    FloatBuffer goutTView = FloatBuffers.view(goutT);
    FloatBuffer dcolsView = FloatBuffers.view(dcols);
    FloatBuffer dxView = FloatBuffers.view(site.output(0));
    FloatBuffer dbView = FloatBuffers.view(site.output(2));
    float[] xh = new float[n * c * h * wd];
    float[] colsHeap = new float[rows * k];
    float[] gh = new float[rows * o];
    float[] gtHeap = new float[rows * o];
    float[] dx = new float[xh.length];
    float[] db = new float[o];
    Geometry shape = new Geometry(n, c, h, wd, kh, kw, sh, sw, ph, pw, oh, ow);
    String what = "java im2col+sgemm conv2d_bp '" + site.name() + "' " + c + " -> " + o + " channels";
    return Replacement.of(new KernelStep(what, () -> {
      xv.get(0, xh);
      java.util.Arrays.fill(colsHeap, 0f);
      shape.patches(xh, colsHeap, false);
      colsView.put(0, colsHeap);
      gv.get(0, gh);
      java.util.Arrays.fill(db, 0f);
      for (int i = 0; i < n; i++) {
        for (int ch = 0; ch < o; ch++) {
          int from = (i * o + ch) * p;
          float sum = 0f;
          for (int q = 0; q < p; q++) {
            float g = gh[from + q];
            gtHeap[(i * p + q) * o + ch] = g;
            sum += g;
          }
          db[ch] += sum;
        }
      }
      goutTView.put(0, gtHeap);
      dbView.put(0, db);
      weightGradient.run(0f);
      colsGradient.run(0f);
      dcolsView.get(0, colsHeap);
      java.util.Arrays.fill(dx, 0f);
      shape.patches(dx, colsHeap, true);
      dxView.put(0, dx);
    }));
  }

  /** The convolution's sizes, and the walk over every (output position, kernel tap, channel). */
  private record Geometry(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {

    /**
     * im2col ({@code cols[row, tap] = image[...]}) or, when {@code scatter}, col2im ({@code image[...]
     * += cols[row, tap]}), for the taps that fall inside the image (the rest is padding).
     */
    void patches(float[] image, float[] cols, boolean scatter) {
      int p = oh * ow;
      int k = kh * kw * c;
      for (int i = 0; i < n; i++) {
        for (int y = 0; y < oh; y++) {
          for (int xo = 0; xo < ow; xo++) {
            int row = (i * p + y * ow + xo) * k;
            for (int u = 0; u < kh; u++) {
              int iy = y * sh - ph + u;
              if (iy < 0 || iy >= h) {
                continue;
              }
              for (int v = 0; v < kw; v++) {
                int ix = xo * sw - pw + v;
                if (ix < 0 || ix >= w) {
                  continue;
                }
                for (int ch = 0; ch < c; ch++) {
                  int at = ((i * c + ch) * h + iy) * w + ix;
                  int tap = row + (u * kw + v) * c + ch;
                  if (scatter) {
                    image[at] += cols[tap];
                  } else {
                    cols[tap] = image[at];
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
