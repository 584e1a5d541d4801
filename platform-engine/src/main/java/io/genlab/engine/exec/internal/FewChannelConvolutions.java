package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Convolutions whose image side has at most {@value #MAX_CHANNELS} channels (an image network's first
 * convolution and its generator's last transposed one), forward and backward, as per-image OpenBLAS
 * products around im2col and col2im, instead of libnd4j's kernels, which are slow exactly there: at
 * one thread and batch 64, DCGAN's 1 -> 64 channel 4x4 {@code conv2d_bp} took 40 ms (1.3 GFLOP/s)
 * and its 64 -> 1 {@code deconv2d} 17-38 ms, where the 64 -> 128 layers, with 64 times the
 * arithmetic, took 5-13 ms.
 *
 * <p>One layout serves all four ops. The image is {@code [n, c, h, w]} (a convolution's input, a
 * transposed convolution's output) and the grid is the other side's {@code oh x ow} positions; the
 * columns of image {@code i} are {@code [c*kh*kw, oh*ow]} with tap row {@code (u*kw + v)*c + ch}, which
 * is the row order of the weights viewed as a matrix ({@code [kh, kw, c, other]} in both ops). So
 * every product reads the arrays where they are, without transposes:
 * <ul>
 *   <li>{@code conv2d}: {@code out_i = W^T cols_i + b}
 *   <li>{@code conv2d_bp}: {@code dW = sum_i cols_i g_i^T}, {@code dx_i = col2im(W g_i)}
 *   <li>{@code deconv2d}: {@code out_i = col2im(W x_i) + b}
 *   <li>{@code deconv2d_bp}: {@code dcols_i = im2col(g_i)}, {@code dx_i = W^T dcols_i},
 *       {@code dW = sum_i dcols_i x_i^T}
 * </ul>
 *
 * <p>A gradient that no later op reads is not computed: a discriminator's with respect to its images,
 * and the weight and bias gradients of a network held fixed while another trains through it. Images
 * are split over the plan's threads; sums over images (weight and bias gradients) run in image order
 * on the calling thread, so every value is the same at any thread count. NCHW, weights in libnd4j's
 * default format, no dilation, explicit padding; declines otherwise. Sums run in a different order
 * from libnd4j's, so values agree to float rounding (checked on the plan's first run).
 */
final class FewChannelConvolutions implements Rewrite {
  private static final int MAX_CHANNELS = 4;

  @Override
  public Replacement apply(OpSite site) {
    String op = site.opName();
    boolean transposed = op.startsWith("deconv2d");
    boolean gradient = op.endsWith("_bp");
    if (!(op.equals("conv2d") || op.equals("conv2d_bp") || op.equals("deconv2d") || op.equals("deconv2d_bp"))) {
      return null;
    }
    int inputs = site.inputCount();
    boolean bias = inputs == (gradient ? 4 : 3);
    if (!bias && inputs != (gradient ? 3 : 2) || site.outputCount() != (gradient ? (bias ? 3 : 2) : 1)) {
      return null;
    }
    long[] a = site.iArgs();
    if (!ConvolutionSites.plainLayout(a) || !ConvolutionSites.contiguousFloats(site)) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    // The image side: a convolution's input, a transposed convolution's output (or output gradient).
    INDArray image = transposed ? (gradient ? site.input(inputs - 1) : site.output(0)) : x;
    INDArray grid = transposed ? x : (gradient ? site.input(inputs - 1) : site.output(0));
    if (image.rank() != 4 || grid.rank() != 4 || w.rank() != 4 || image.size(0) != grid.size(0)) {
      return null;
    }
    int kh = (int) a[0];
    int kw = (int) a[1];
    int sh = (int) a[2];
    int sw = (int) a[3];
    int ph = (int) a[4];
    int pw = (int) a[5];
    Geometry g = new Geometry((int) image.size(0), (int) image.size(1), (int) image.size(2), (int) image.size(3),
        kh, kw, sh, sw, ph, pw, (int) grid.size(2), (int) grid.size(3));
    int other = (int) grid.size(1);
    if (g.c() > MAX_CHANNELS || (g.h() + 2 * ph - kh) / sh + 1 != g.oh() || (g.w() + 2 * pw - kw) / sw + 1 != g.ow()
        || w.size(0) != kh || w.size(1) != kw || w.size(2) != g.c() || w.size(3) != other
        || bias && site.input(2).length() != (transposed ? g.c() : other)) {
      return null;
    }
    String what = "java im2col+sgemm " + op + " '" + site.name() + "' " + (transposed ? other + " -> " + g.c()
        : g.c() + " -> " + other) + " channels";
    Parallel parallel = site.parallel();
    Runnable kernel = switch (op) {
      case "conv2d" -> convolution(site, g, other, bias, parallel);
      case "conv2d_bp" -> convolutionGradient(site, g, other, bias, parallel);
      case "deconv2d" -> transposedConvolution(site, g, other, bias, parallel);
      default -> transposedConvolutionGradient(site, g, other, bias, parallel);
    };
    java.util.Set<String> unwritten = new java.util.HashSet<>();
    if (gradient && !site.outputRead(0)) {
      unwritten.add(site.outputName(0));
    }
    // A network held fixed reads neither its weight nor its bias gradient.
    if (op.equals("conv2d_bp") && !site.anyOutputRead(1)) {
      unwritten.addAll(site.outputNames(1));
    }
    return Replacement.leaving(new KernelStep(what, kernel), unwritten);
  }

  /** {@code out_i = W^T cols_i + b}: W is {@code [taps, o]}, out {@code [n, o, p]}. */
  private static Runnable convolution(OpSite site, Geometry g, int o, boolean bias, Parallel parallel) {
    INDArray w = site.input(1);
    INDArray out = site.output(0);
    INDArray cols = site.allocate(g.n(), g.taps(), g.positions());
    Gemm[] products = new Gemm[g.n()];
    for (int i = 0; i < g.n(); i++) {
      products[i] = Gemm.of(w, 0, g.taps(), o, true, cols, g.colsAt(i), g.taps(), g.positions(), false,
          out, (long) i * o * g.positions());
    }
    FloatBuffer xView = FloatBuffers.view(site.input(0));
    FloatBuffer colsView = FloatBuffers.view(cols);
    FloatBuffer outView = FloatBuffers.view(out);
    FloatBuffer biasView = bias ? FloatBuffers.view(site.input(2)) : null;
    float[] imageHeap = new float[g.imageSize() * g.n()];
    float[] colsHeap = new float[g.colsSize() * g.n()];
    float[] biasRows = new float[o * g.positions()];
    return () -> {
      if (bias) {
        fillRows(biasView, biasRows, g.positions());
      }
      parallel.forEach(g.n(), (from, to, s) -> {
        copy(xView, imageHeap, from, to, g.imageSize(), true);
        for (int i = from; i < to; i++) {
          g.patches(imageHeap, colsHeap, i, false);
        }
        copy(colsView, colsHeap, from, to, g.colsSize(), false);
        for (int i = from; i < to; i++) {
          if (bias) {
            outView.put(i * biasRows.length, biasRows);
          }
          products[i].run(bias ? 1f : 0f);
        }
      });
    };
  }

  /** {@code dW = sum_i cols_i g_i^T}, {@code dx_i = col2im(W g_i)}, {@code db = sum g}. */
  private static Runnable convolutionGradient(OpSite site, Geometry g, int o, boolean bias, Parallel parallel) {
    INDArray w = site.input(1);
    INDArray gout = site.input(bias ? 3 : 2);
    boolean inputGradient = site.outputRead(0);
    boolean weightGradient = site.anyOutputRead(1);
    INDArray cols = weightGradient ? site.allocate(g.n(), g.taps(), g.positions()) : null;
    INDArray dcols = inputGradient ? site.allocate(g.n(), g.taps(), g.positions()) : null;
    Gemm[] weightGradients = new Gemm[weightGradient ? g.n() : 0];
    Gemm[] colsGradients = new Gemm[g.n()];
    for (int i = 0; i < g.n(); i++) {
      long gradientAt = (long) i * o * g.positions();
      if (weightGradient) {
        weightGradients[i] = Gemm.of(cols, g.colsAt(i), g.taps(), g.positions(), false,
            gout, gradientAt, o, g.positions(), true, site.output(1), 0);
      }
      if (inputGradient) {
        colsGradients[i] = Gemm.of(w, 0, g.taps(), o, false, gout, gradientAt, o, g.positions(), false,
            dcols, g.colsAt(i));
      }
    }
    FloatBuffer xView = FloatBuffers.view(site.input(0));
    FloatBuffer colsView = weightGradient ? FloatBuffers.view(cols) : null;
    FloatBuffer dcolsView = inputGradient ? FloatBuffers.view(dcols) : null;
    FloatBuffer dxView = FloatBuffers.view(site.output(0));
    Sums biasGradient = bias && weightGradient ? new Sums(gout, site.output(2), g.n(), o, g.positions(), null) : null;
    float[] imageHeap = new float[weightGradient ? g.imageSize() * g.n() : 0];
    float[] colsHeap = new float[weightGradient ? g.colsSize() * g.n() : 0];
    float[] dcolsHeap = new float[inputGradient ? g.colsSize() * g.n() : 0];
    float[] dxHeap = new float[inputGradient ? g.imageSize() * g.n() : 0];
    return () -> {
      parallel.forEach(g.n(), (from, to, s) -> {
        if (weightGradient) {
          copy(xView, imageHeap, from, to, g.imageSize(), true);
          for (int i = from; i < to; i++) {
            g.patches(imageHeap, colsHeap, i, false);
          }
          copy(colsView, colsHeap, from, to, g.colsSize(), false);
        }
        if (inputGradient) {
          Arrays.fill(dxHeap, from * g.imageSize(), to * g.imageSize(), 0f);
          for (int i = from; i < to; i++) {
            colsGradients[i].run(0f);
          }
          copy(dcolsView, dcolsHeap, from, to, g.colsSize(), true);
          for (int i = from; i < to; i++) {
            g.patches(dxHeap, dcolsHeap, i, true);
          }
          copy(dxView, dxHeap, from, to, g.imageSize(), false);
        }
        if (biasGradient != null) {
          biasGradient.perImage(from, to);
        }
      });
      sumOverImages(weightGradients, biasGradient);
    };
  }

  /** {@code out_i = col2im(W x_i) + b}: W is {@code [taps, in]}, x {@code [n, in, p]}. */
  private static Runnable transposedConvolution(OpSite site, Geometry g, int in, boolean bias, Parallel parallel) {
    INDArray cols = site.allocate(g.n(), g.taps(), g.positions());
    Gemm[] products = new Gemm[g.n()];
    for (int i = 0; i < g.n(); i++) {
      products[i] = Gemm.of(site.input(1), 0, g.taps(), in, false, site.input(0), (long) i * in * g.positions(),
          in, g.positions(), false, cols, g.colsAt(i));
    }
    FloatBuffer colsView = FloatBuffers.view(cols);
    FloatBuffer outView = FloatBuffers.view(site.output(0));
    FloatBuffer biasView = bias ? FloatBuffers.view(site.input(2)) : null;
    float[] colsHeap = new float[g.colsSize() * g.n()];
    float[] outHeap = new float[g.imageSize() * g.n()];
    float[] biasRows = new float[g.imageSize()];
    return () -> {
      if (bias) {
        fillRows(biasView, biasRows, g.h() * g.w());
      }
      parallel.forEach(g.n(), (from, to, s) -> {
        for (int i = from; i < to; i++) {
          products[i].run(0f);
        }
        copy(colsView, colsHeap, from, to, g.colsSize(), true);
        for (int i = from; i < to; i++) {
          if (bias) {
            System.arraycopy(biasRows, 0, outHeap, i * g.imageSize(), g.imageSize());
          } else {
            Arrays.fill(outHeap, i * g.imageSize(), (i + 1) * g.imageSize(), 0f);
          }
          g.patches(outHeap, colsHeap, i, true);
        }
        copy(outView, outHeap, from, to, g.imageSize(), false);
      });
    };
  }

  /** {@code dcols_i = im2col(g_i)}, {@code dx_i = W^T dcols_i}, {@code dW = sum_i dcols_i x_i^T}. */
  private static Runnable transposedConvolutionGradient(OpSite site, Geometry g, int in, boolean bias,
      Parallel parallel) {
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray gout = site.input(bias ? 3 : 2);
    INDArray dcols = site.allocate(g.n(), g.taps(), g.positions());
    Gemm[] inputGradients = new Gemm[g.n()];
    Gemm[] weightGradients = new Gemm[g.n()];
    for (int i = 0; i < g.n(); i++) {
      long inputAt = (long) i * in * g.positions();
      inputGradients[i] = Gemm.of(w, 0, g.taps(), in, true, dcols, g.colsAt(i), g.taps(), g.positions(), false,
          site.output(0), inputAt);
      weightGradients[i] = Gemm.of(dcols, g.colsAt(i), g.taps(), g.positions(), false,
          x, inputAt, in, g.positions(), true, site.output(1), 0);
    }
    FloatBuffer goutView = FloatBuffers.view(gout);
    FloatBuffer dcolsView = FloatBuffers.view(dcols);
    boolean inputGradient = site.outputRead(0);
    float[] imageHeap = new float[g.imageSize() * g.n()];
    // The bias gradient sums the incoming gradient the im2col below has already copied to the heap.
    Sums biasGradient = bias ? new Sums(gout, site.output(2), g.n(), g.c(), g.h() * g.w(), imageHeap) : null;
    float[] dcolsHeap = new float[g.colsSize() * g.n()];
    return () -> {
      parallel.forEach(g.n(), (from, to, s) -> {
        copy(goutView, imageHeap, from, to, g.imageSize(), true);
        for (int i = from; i < to; i++) {
          g.patches(imageHeap, dcolsHeap, i, false);
        }
        copy(dcolsView, dcolsHeap, from, to, g.colsSize(), false);
        if (inputGradient) {
          for (int i = from; i < to; i++) {
            inputGradients[i].run(0f);
          }
        }
        if (biasGradient != null) {
          biasGradient.perImage(from, to);
        }
      });
      sumOverImages(weightGradients, biasGradient);
    };
  }

  /**
   * The weight gradient as the sum of the images' products, and the bias gradient's total, in image
   * order on the calling thread (the same values at any thread count).
   */
  private static void sumOverImages(Gemm[] weightGradients, Sums biasGradient) {
    for (int i = 0; i < weightGradients.length; i++) {
      weightGradients[i].run(i == 0 ? 0f : 1f);
    }
    if (biasGradient != null) {
      biasGradient.total();
    }
  }

  /** Copies images {@code [from, to)} of {@code size} values each between an off-heap view and a heap array. */
  private static void copy(FloatBuffer view, float[] heap, int from, int to, int size, boolean toHeap) {
    if (toHeap) {
      view.get(from * size, heap, from * size, (to - from) * size);
    } else {
      view.put(from * size, heap, from * size, (to - from) * size);
    }
  }

  /** Fills {@code rows} with each bias value repeated over a row of {@code length}. */
  private static void fillRows(FloatBuffer biasView, float[] rows, int length) {
    for (int ch = 0; ch < rows.length / length; ch++) {
      Arrays.fill(rows, ch * length, (ch + 1) * length, biasView.get(ch));
    }
  }

  /** A bias gradient: per-image channel sums (parallel), then their total in image order. */
  private static final class Sums {
    private final FloatBuffer gradient;
    private final FloatBuffer result;
    private final int channels;
    private final int positions;
    private final float[] heap;
    private final float[] perImage;
    private final float[] total;

    /**
     * Sums of {@code gradient}, copied to a heap array of their own, or read from {@code copied}, which
     * holds the same values by the time {@link #perImage} runs (null: none).
     */
    Sums(INDArray gradient, INDArray result, int images, int channels, int positions, float[] copied) {
      this.gradient = copied == null ? FloatBuffers.view(gradient) : null;
      this.result = FloatBuffers.view(result);
      this.channels = channels;
      this.positions = positions;
      this.heap = copied == null ? new float[images * channels * positions] : copied;
      this.perImage = new float[images * channels];
      this.total = new float[channels];
    }

    void perImage(int from, int to) {
      if (gradient != null) {
        copy(gradient, heap, from, to, channels * positions, true);
      }
      for (int row = from * channels; row < to * channels; row++) {
        perImage[row] = FloatSums.sum(heap, row * positions, (row + 1) * positions);
      }
    }

    void total() {
      Arrays.fill(total, 0f);
      for (int row = 0; row < perImage.length; row++) {
        total[row % channels] += perImage[row];
      }
      result.put(0, total);
    }
  }

  /**
   * The image side {@code [n, c, h, w]}, the kernel, and the grid of {@code oh x ow} positions on the
   * other side; image {@code i}'s columns are {@code [taps, positions]} at {@link #colsAt}.
   */
  private record Geometry(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {

    int taps() {
      return kh * kw * c;
    }

    int positions() {
      return oh * ow;
    }

    int imageSize() {
      return c * h * w;
    }

    int colsSize() {
      return taps() * positions();
    }

    long colsAt(int image) {
      return (long) image * colsSize();
    }

    /**
     * im2col of image {@code i} ({@code cols[tap, position] = image[...]}, zero where the tap falls on
     * padding) or, when {@code scatter}, col2im ({@code image[...] += cols[tap, position]}).
     */
    void patches(float[] image, float[] cols, int i, boolean scatter) {
      int p = positions();
      for (int u = 0; u < kh; u++) {
        for (int v = 0; v < kw; v++) {
          // Grid columns whose tap lands inside the image: 0 <= x*sw - pw + v < w.
          int first = Math.max(0, Math.floorDiv(pw - v + sw - 1, sw));
          int last = Math.min(ow, Math.floorDiv(w - 1 + pw - v, sw) + 1);
          for (int ch = 0; ch < c; ch++) {
            int tapRow = (int) colsAt(i) + ((u * kw + v) * c + ch) * p;
            int plane = (i * c + ch) * h * w;
            for (int y = 0; y < oh; y++) {
              int iy = y * sh - ph + u;
              int row = tapRow + y * ow;
              if (iy < 0 || iy >= h || first >= last) {
                if (!scatter) {
                  Arrays.fill(cols, row, row + ow, 0f);
                }
                continue;
              }
              int at = plane + iy * w - pw + v;
              if (scatter) {
                for (int x = first; x < last; x++) {
                  image[at + x * sw] += cols[row + x];
                }
              } else {
                Arrays.fill(cols, row, row + first, 0f);
                for (int x = first; x < last; x++) {
                  cols[row + x] = image[at + x * sw];
                }
                Arrays.fill(cols, row + last, row + ow, 0f);
              }
            }
          }
        }
      }
    }
  }
}
