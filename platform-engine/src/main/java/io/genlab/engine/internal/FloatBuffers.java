package io.genlab.engine.internal;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java {@code float[]} and ND4J's off-heap float arrays.
 *
 * <p>ND4J's {@code Nd4j.create(float[], shape)} writes element by element (about 5 ns each); these
 * copies are one memory copy. Arrays must be C-ordered and contiguous (checked). Stateless.
 */
public final class FloatBuffers {
  private FloatBuffers() {}

  /** A new array of {@code shape} holding {@code values} in C order. */
  public static INDArray create(float[] values, long... shape) {
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    if (out.length() != values.length) {
      throw new IllegalArgumentException("shape holds " + out.length() + " values, got " + values.length);
    }
    view(out).put(values);
    return out;
  }

  /** Copies {@code array} into {@code out[offset, offset + length)}. */
  public static void read(INDArray array, float[] out, int offset) {
    view(array).get(out, offset, Math.toIntExact(array.length()));
  }

  /** Copies {@code in[offset, offset + length)} into {@code array}. */
  public static void write(float[] in, int offset, INDArray array) {
    view(array).put(in, offset, Math.toIntExact(array.length()));
  }

  /** Whether {@code array}'s elements lie in C order without gaps (strides of size-1 axes do not matter). */
  public static boolean isContiguous(INDArray array) {
    long[] shape = array.shape();
    long[] stride = array.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1) {
        if (stride[i] != expected) {
          return false;
        }
        expected *= shape[i];
      }
    }
    return true;
  }

  /** Whether {@link #view} and {@link #bytes} accept the array: float values, contiguous in C order. */
  public static boolean isContiguousFloat(INDArray array) {
    return array.dataType() == DataType.FLOAT && isContiguous(array);
  }

  /**
   * The array's memory as bytes in native order, from its first element (for the Vector API's
   * {@code fromByteBuffer}), checked as {@link #view} checks.
   */
  public static java.nio.ByteBuffer bytes(INDArray array) {
    requireContiguousFloats(array);
    java.nio.ByteBuffer all = array.data().asNio();
    int start = Math.toIntExact(array.offset() * Float.BYTES);
    return all.duplicate().position(start).limit(start + Math.toIntExact(array.length() * Float.BYTES)).slice()
        .order(java.nio.ByteOrder.nativeOrder());
  }

  /** A float view of the array's memory, positioned at its first element. */
  public static FloatBuffer view(INDArray array) {
    requireContiguousFloats(array);
    FloatBuffer all = array.data().asNioFloat();
    int start = Math.toIntExact(array.offset());
    return all.duplicate().position(start).limit(start + Math.toIntExact(array.length())).slice();
  }

  private static void requireContiguousFloats(INDArray array) {
    if (array.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("expected a FLOAT array, got " + array.dataType());
    }
    if (!isContiguous(array)) {
      throw new IllegalArgumentException("expected a contiguous C-ordered array, got strides "
          + java.util.Arrays.toString(array.stride()) + " order " + array.ordering());
    }
  }
}
