package io.genlab.engine.exec.internal;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * How operands broadcast against a full shape, with runs of axes that broadcast alike merged: the
 * loop structure of a broadcast op or its gradient. Immutable.
 *
 * <p>Each operand's shape is aligned to the right of the full shape (NumPy rules); along every merged
 * axis an operand either spans it (a contiguous stride) or repeats (stride 0).
 */
final class BroadcastLayout {
  private final int[] sizes;
  private final int[][] strides;
  private final int length;

  private BroadcastLayout(int[] sizes, int[][] strides, int length) {
    this.sizes = sizes;
    this.strides = strides;
    this.length = length;
  }

  /** The layout of {@code operands} against {@code full}, or null when one does not broadcast to it. */
  static BroadcastLayout of(long[] full, long[]... operands) {
    int rank = full.length;
    long[][] aligned = new long[operands.length][rank];
    for (int o = 0; o < operands.length; o++) {
      long[] shape = operands[o];
      if (shape.length > rank) {
        // Leading 1s beyond the full rank are harmless; anything else does not broadcast.
        for (int i = 0; i < shape.length - rank; i++) {
          if (shape[i] != 1) {
            return null;
          }
        }
        shape = java.util.Arrays.copyOfRange(shape, shape.length - rank, shape.length);
      }
      int pad = rank - shape.length;
      for (int i = 0; i < rank; i++) {
        long d = i < pad ? 1 : shape[i - pad];
        if (d != full[i] && d != 1) {
          return null;
        }
        aligned[o][i] = d;
      }
    }
    // Merge consecutive axes whose span pattern (which operands span them) is the same.
    List<Long> mergedSizes = new ArrayList<>();
    List<boolean[]> patterns = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (full[i] == 1) {
        continue;
      }
      boolean[] spans = new boolean[operands.length];
      for (int o = 0; o < operands.length; o++) {
        spans[o] = aligned[o][i] == full[i];
      }
      int last = patterns.size() - 1;
      if (last >= 0 && java.util.Arrays.equals(patterns.get(last), spans)) {
        mergedSizes.set(last, mergedSizes.get(last) * full[i]);
      } else {
        mergedSizes.add(full[i]);
        patterns.add(spans);
      }
    }
    if (mergedSizes.isEmpty()) {
      mergedSizes.add(1L);
      patterns.add(new boolean[operands.length]);
    }
    int k = mergedSizes.size();
    int[] sizes = new int[k];
    long total = 1;
    for (int i = 0; i < k; i++) {
      sizes[i] = Math.toIntExact(mergedSizes.get(i));
      total *= sizes[i];
    }
    int[][] strides = new int[operands.length][k];
    for (int o = 0; o < operands.length; o++) {
      int stride = 1;
      for (int i = k - 1; i >= 0; i--) {
        if (patterns.get(i)[o]) {
          strides[o][i] = stride;
          stride *= sizes[i];
        }
      }
    }
    return new BroadcastLayout(sizes, strides, Math.toIntExact(total));
  }

  /** Elements of the full shape. */
  int length() {
    return length;
  }

  /**
   * For every element i of the full shape: {@code acc[t(i)] += g[i] * f[f(i)]}, where t and f index
   * operands {@code target} and {@code factor} of this layout and {@code f} is held whole in a Java
   * array ({@code null}: a factor of 1; {@code fullFactor}: f has the full shape and is read in
   * chunks from memory alongside g). g is read in chunks of whole inner runs.
   */
  void accumulate(FloatBuffer g, int target, float[] f, int factor, FloatBuffer fullFactor, double[] acc,
      Scratch scratch) {
    int k = sizes.length;
    int[] ts = strides[target];
    int[] fs = f == null ? new int[k] : strides[factor];
    int inner = sizes[k - 1];
    int tInner = ts[k - 1];
    int fInner = fs[k - 1];
    int outer = length / inner;
    int runsPerChunk = Math.max(1, Chunked.CHUNK / inner);
    float[] gc = scratch.floats(0, runsPerChunk * inner);
    float[] fc = fullFactor == null ? null : scratch.floats(1, runsPerChunk * inner);
    int[] index = new int[k];
    int tBase = 0;
    int fBase = 0;
    for (int o = 0; o < outer; o += runsPerChunk) {
      int runs = Math.min(runsPerChunk, outer - o);
      g.get(o * inner, gc, 0, runs * inner);
      if (fc != null) {
        fullFactor.get(o * inner, fc, 0, runs * inner);
      }
      for (int r = 0; r < runs; r++) {
        int at = r * inner;
        if (tInner == 0) {
          double sum = 0;
          if (fc != null) {
            for (int j = 0; j < inner; j++) {
              sum += (double) gc[at + j] * fc[at + j];
            }
          } else if (f == null) {
            for (int j = 0; j < inner; j++) {
              sum += gc[at + j];
            }
          } else {
            for (int j = 0; j < inner; j++) {
              sum += (double) gc[at + j] * f[fBase + j * fInner];
            }
          }
          acc[tBase] += sum;
        } else if (fc != null) {
          for (int j = 0; j < inner; j++) {
            acc[tBase + j] += (double) gc[at + j] * fc[at + j];
          }
        } else if (f == null) {
          for (int j = 0; j < inner; j++) {
            acc[tBase + j] += gc[at + j];
          }
        } else {
          for (int j = 0; j < inner; j++) {
            acc[tBase + j] += (double) gc[at + j] * f[fBase + j * fInner];
          }
        }
        for (int d = k - 2; d >= 0; d--) {
          index[d]++;
          tBase += ts[d];
          fBase += fs[d];
          if (index[d] < sizes[d]) {
            break;
          }
          tBase -= ts[d] * sizes[d];
          fBase -= fs[d] * sizes[d];
          index[d] = 0;
        }
      }
    }
  }
}
