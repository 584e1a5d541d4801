package io.genlab.flow.internal;

import org.nd4j.autodiff.samediff.SDVariable;

/** Shape arithmetic and reductions shared by the flow steps. */
final class Shapes {
  private Shapes() {}

  /** The number of values in a per-example shape. */
  static long size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The shape that broadcasts a per-channel value over a batch: {@code [1, d]} or {@code [1, C, 1, 1]}. */
  static long[] channelBroadcast(long[] shape) {
    return shape.length == 1 ? new long[] {1, shape[0]} : new long[] {1, shape[0], 1, 1};
  }

  /** Values per channel: 1 for vectors, H * W for images. */
  static long spatial(long[] shape) {
    return shape.length == 1 ? 1 : shape[1] * shape[2];
  }

  /**
   * The sum over every axis but the batch axis, {@code [B]}. Flattens first; a one-value example is
   * reshaped instead of summed, because SameDiff's backprop of a sum over a size-1 axis fails.
   */
  static SDVariable perExampleSum(SDVariable x, long[] shape) {
    long n = size(shape);
    SDVariable flat = x.reshape(-1, n);
    return n == 1 ? flat.reshape(-1) : flat.sum(1);
  }

  /** The sum of a vector of {@code n} values (the vector itself when {@code n == 1}, for the same reason). */
  static SDVariable vectorSum(SDVariable v, long n) {
    return n == 1 ? v : v.sum(0);
  }
}
