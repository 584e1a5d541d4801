package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of broadcasting add, subtract and multiply without libnd4j's generic broadcast
 * backprop: an add or subtract operand of the full shape takes the incoming gradient as it is (its
 * gradient is that array, no copy), a full-shape product is one libnd4j multiply, and an operand that
 * repeats along axes (a bias, a norm's scale, a time embedding) gets the gradient (times the other
 * operand) summed over them: by a Java column-sum loop where they are the leading axes (a bias),
 * otherwise by libnd4j's sum over those axes.
 */
final class BroadcastGradients implements Rewrite {

  /** Rows summed in float before they join the double totals: short float sums stay exact enough. */
  private static final int BLOCK_ROWS = 32;

  @Override
  public Replacement apply(OpSite site) {
    String op = site.opName();
    if (!(op.equals("add_bp") || op.equals("subtract_bp") || op.equals("multiply_bp"))
        || site.inputCount() != 3 || site.outputCount() != 2) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray y = site.input(1);
    INDArray g = site.input(2);
    for (INDArray a : new INDArray[] {x, y, g, site.output(0), site.output(1)}) {
      if (!FloatBuffers.isContiguousFloat(a)) {
        return null;
      }
    }
    if (!broadcastsTo(x.shape(), g.shape()) || !broadcastsTo(y.shape(), g.shape())
        || !Arrays.equals(site.output(0).shape(), x.shape())
        || !Arrays.equals(site.output(1).shape(), y.shape())) {
      return null;
    }
    Map<String, INDArray> aliases = new HashMap<>();
    List<PlanStep> parts = new ArrayList<>();
    gradient(site, 0, aliases, parts);
    gradient(site, 1, aliases, parts);
    String what = "java " + op + " '" + site.name() + "' " + Arrays.toString(g.shape()) + " <- "
        + Arrays.toString(x.shape()) + ", " + Arrays.toString(y.shape());
    PlanStep step = parts.isEmpty() ? null : new KernelStep(what, () -> parts.forEach(PlanStep::run));
    return new Replacement(step, aliases);
  }

  /** Plans the gradient of operand {@code which} (0 = x, 1 = y). */
  /** Whether {@code shape} broadcasts to {@code full} by NumPy's rules (aligned right, 1s repeat). */
  static boolean broadcastsTo(long[] shape, long[] full) {
    if (shape.length > full.length) {
      return false;
    }
    int pad = full.length - shape.length;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != full[pad + d] && shape[d] != 1) {
        return false;
      }
    }
    return true;
  }

  private static void gradient(OpSite site, int which, Map<String, INDArray> aliases,
      List<PlanStep> parts) {
    String op = site.opName();
    INDArray g = site.input(2);
    INDArray operand = site.input(which);
    INDArray other = site.input(1 - which);
    INDArray out = site.output(which);
    boolean full = operand.length() == g.length();
    boolean negate = op.equals("subtract_bp") && which == 1;
    String name = site.name() + "/d" + (which == 0 ? "x" : "y");
    if (op.equals("multiply_bp")) {
      if (full) {
        parts.add(NativeSteps.multiply(g, other, out, name));
      } else {
        parts.add(reduction(site, which, other, out, false));
      }
    } else if (full && !negate) {
      aliases.put(site.outputName(which), g.reshape(operand.shape()));
    } else if (full) {
      parts.add(NativeSteps.scale(g, -1.0, out, name));
    } else {
      parts.add(reduction(site, which, null, out, negate));
    }
  }

  /**
   * out = the sum of g (times the other operand) over the axes operand {@code which} repeats along: a
   * libnd4j broadcast multiply into an array of the plan, then a libnd4j sum over those axes (both
   * vectorised and threaded).
   */
  private static PlanStep reduction(OpSite site, int which, INDArray factor, INDArray out, boolean negate) {
    INDArray g = site.input(2);
    long[] full = g.shape();
    long[] operand = site.input(which).shape();
    int pad = full.length - operand.length;
    java.util.List<Integer> axes = new java.util.ArrayList<>();
    for (int d = 0; d < full.length; d++) {
      long size = d < pad ? 1 : operand[d - pad];
      if (size == 1 && full[d] != 1) {
        axes.add(d);
      }
    }
    int[] dimensions = axes.stream().mapToInt(Integer::intValue).toArray();
    if (factor == null && leadingAxes(dimensions, full)) {
      long rows = 1;
      for (int d : dimensions) {
        rows *= full[d];
      }
      return columnSums(site, Math.toIntExact(rows), Math.toIntExact(g.length() / rows), out, negate);
    }
    boolean keepDims = pad == 0;
    INDArray target = keepDims ? out : out.reshape(reducedShape(full, dimensions));
    List<PlanStep> parts = new ArrayList<>();
    INDArray summed = g;
    if (factor != null) {
      summed = site.allocate(full);
      parts.add(NativeSteps.multiply(g, factor, summed, site.name() + "/product"));
    }
    parts.add(NativeSteps.sum(summed, dimensions, keepDims, target, site.name() + "/sum"));
    if (negate) {
      parts.add(NativeSteps.scale(out, -1.0, out, site.name() + "/negate"));
    }
    return NativeSteps.sequence("native sum " + site.name(), parts.toArray(PlanStep[]::new));
  }

  /** Whether {@code dimensions} are the first axes of {@code full} (a bias of a matrix product). */
  private static boolean leadingAxes(int[] dimensions, long[] full) {
    for (int i = 0; i < dimensions.length; i++) {
      if (dimensions[i] != i) {
        return false;
      }
    }
    return dimensions.length > 0 && dimensions.length < full.length;
  }

  /**
   * out = the sum of g's rows (g seen as rows x cols), negated if asked: a Java loop the JIT
   * vectorises (libnd4j's sum over a non-contiguous axis took 0.1 ms for 128 x 784). Blocks of
   * {@value #BLOCK_ROWS} rows are summed in float, the blocks in double. Columns are split over the
   * threads, each column summed by one thread in row order, so values do not depend on the thread count.
   */
  private static PlanStep columnSums(OpSite site, int rows, int cols, INDArray out, boolean negate) {
    FloatBuffer gv = FloatBuffers.view(site.input(2));
    FloatBuffer ov = FloatBuffers.view(out);
    Parallel parallel = site.parallel();
    int width = Chunked.CHUNK;
    int parts = (cols + width - 1) / width;
    return new KernelStep("java column sums '" + site.name() + "' " + rows + " x " + cols, () ->
        parallel.forEach(parts, (from, to, scratch) -> {
          float[] row = scratch.floats(0, width);
          float[] block = scratch.floats(1, width);
          float[] result = scratch.floats(2, width);
          for (int part = from; part < to; part++) {
            int c0 = part * width;
            int w = Math.min(width, cols - c0);
            double[] total = scratch.zeroedDoubles(w);
            for (int r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
              java.util.Arrays.fill(block, 0, w, 0f);
              for (int r = r0; r < Math.min(rows, r0 + BLOCK_ROWS); r++) {
                gv.get(r * cols + c0, row, 0, w);
                for (int j = 0; j < w; j++) {
                  block[j] += row[j];
                }
              }
              for (int j = 0; j < w; j++) {
                total[j] += block[j];
              }
            }
            for (int j = 0; j < w; j++) {
              result[j] = (float) (negate ? -total[j] : total[j]);
            }
            ov.put(c0, result, 0, w);
          }
        }));
  }

  /** {@code full} without the axes in {@code dimensions}. */
  private static long[] reducedShape(long[] full, int[] dimensions) {
    List<Long> kept = new ArrayList<>();
    for (int d = 0; d < full.length; d++) {
      final int axis = d;
      if (java.util.Arrays.stream(dimensions).noneMatch(a -> a == axis)) {
        kept.add(full[d]);
      }
    }
    return kept.stream().mapToLong(Long::longValue).toArray();
  }
}
