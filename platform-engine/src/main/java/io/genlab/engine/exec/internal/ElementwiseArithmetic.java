package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code add}, {@code subtract} and {@code multiply} of two small arrays (under 128k values) of one
 * shape, or of an array and a row repeated over its leading axes (a bias), as Java loops the JIT
 * vectorises on the calling thread, in plans that run on more than one thread: there libnd4j hands
 * each small op to its second thread (the VAE's twelve bias adds 0.09 ms at one thread, 0.47 ms at
 * two, 0.2 ms here). At one thread libnd4j's ops are faster (those adds 0.09 ms against 0.16 ms here,
 * which copy each operand in and out), so the rewrite declines. Each value is one float operation, as
 * libnd4j's, so the results are the same bits either way.
 */
final class ElementwiseArithmetic implements Rewrite {

  private enum Kind { ADD, SUBTRACT, MULTIPLY }

  /** Arrays of this many values or more stay with libnd4j. */
  private static final int SMALL = Chunked.PARALLEL_CHUNKS * Chunked.CHUNK;

  @Override
  public Replacement apply(OpSite site) {
    Kind kind = switch (site.opName()) {
      case "add" -> Kind.ADD;
      case "subtract" -> Kind.SUBTRACT;
      case "multiply" -> Kind.MULTIPLY;
      default -> null;
    };
    if (kind == null || site.parallel().threads() == 1 || site.inputCount() != 2 || site.outputCount() != 1) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray y = site.input(1);
    INDArray out = site.output(0);
    for (INDArray a : new INDArray[] {x, y, out}) {
      if (!FloatBuffers.isContiguousFloat(a) || a.length() == 0) {
        return null;
      }
    }
    if (!Arrays.equals(out.shape(), x.shape()) || !isTrailingRow(y.shape(), x.shape())) {
      return null;
    }
    int n = Math.toIntExact(x.length());
    int m = Math.toIntExact(y.length());
    // Large arrays: libnd4j's threads earn their hand-off, and its in-place loop copies nothing.
    if (n >= SMALL || (m != n && m > Chunked.CHUNK)) {
      return null;
    }
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer yv = FloatBuffers.view(y);
    FloatBuffer ov = FloatBuffers.view(out);
    String what = "java " + site.opName() + " '" + site.name() + "' " + Arrays.toString(x.shape()) + " "
        + Arrays.toString(y.shape());
    if (m == n) {
      Parallel parallel = site.parallel();
      return Replacement.of(new KernelStep(what, () -> Chunked.binary(xv, yv, ov, n, parallel,
          (a, b, o, len) -> compute(kind, a, b, o, len))));
    }
    int rows = n / m;
    float[] a = new float[m];
    float[] o = new float[m];
    float[] row = new float[m];
    // Row by row, so that every array of the loop is indexed alike (the layout HotSpot vectorises).
    return Replacement.of(new KernelStep(what, () -> {
      yv.get(0, row, 0, m);
      for (int r = 0; r < rows; r++) {
        xv.get(r * m, a, 0, m);
        compute(kind, a, row, o, m);
        ov.put(r * m, o, 0, m);
      }
    }));
  }

  /** Whether {@code row}, without leading 1s, is the trailing axes of {@code full} (or all of it). */
  private static boolean isTrailingRow(long[] row, long[] full) {
    int first = 0;
    while (first < row.length && row[first] == 1) {
      first++;
    }
    int rank = row.length - first;
    if (rank > full.length) {
      return false;
    }
    for (int d = 0; d < rank; d++) {
      if (row[first + d] != full[full.length - rank + d]) {
        return false;
      }
    }
    return true;
  }

  private static void compute(Kind kind, float[] a, float[] b, float[] o, int len) {
    switch (kind) {
      case ADD -> {
        for (int i = 0; i < len; i++) {
          o[i] = a[i] + b[i];
        }
      }
      case SUBTRACT -> {
        for (int i = 0; i < len; i++) {
          o[i] = a[i] - b[i];
        }
      }
      default -> {
        for (int i = 0; i < len; i++) {
          o[i] = a[i] * b[i];
        }
      }
    }
  }
}
