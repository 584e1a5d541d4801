package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An in-memory split of a dataset: {@code count} examples stored row after row in one float array.
 *
 * <p>Immutable by contract: callers must not write into {@link #values()}. Thread-safe for reading.
 *
 * @param info the shape, range and classes of the examples
 * @param values {@code count * info.exampleSize()} values, example after example
 * @param labels one label in {@code [0, info.numClasses())} per example, or {@code null} when unlabelled
 * @param count the number of examples
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record Examples(DataInfo info, float[] values, int[] labels, int count) {
  public Examples {
    Check.notNull("info", info);
    Check.notNull("values", values);
    Check.nonNegative("count", count);
    if ((long) count * info.exampleSize() != values.length) {
      throw new ConfigException(
          "values",
          "values must hold count * exampleSize = " + count + " * " + info.exampleSize()
              + " floats, found " + values.length);
    }
    if (info.labelled() && labels == null) {
      throw new ConfigException("labels", "labels must be set when numClasses > 0");
    }
    if (labels != null) {
      if (labels.length != count) {
        throw new ConfigException(
            "labels", "labels must have one entry per example (" + count + "), found " + labels.length);
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= info.numClasses()) {
          throw new ConfigException(
              "labels",
              "labels[" + i + "] must be in [0, " + info.numClasses() + "), found " + labels[i]);
        }
      }
    }
  }

  /** Copies the examples at {@code indices} into a float32 array of shape {@code [n, ...exampleShape]}. */
  public INDArray batch(int[] indices) {
    int size = info.exampleSize();
    float[] out = new float[indices.length * size];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * size, out, i * size, size);
    }
    return Nd4j.create(out, batchShape(indices.length), DataType.FLOAT);
  }

  /** The examples {@code from} (inclusive) to {@code to} (exclusive) as a float32 array. */
  public INDArray range(int from, int to) {
    int size = info.exampleSize();
    float[] out = new float[(to - from) * size];
    System.arraycopy(values, from * size, out, 0, out.length);
    return Nd4j.create(out, batchShape(to - from), DataType.FLOAT);
  }

  /** One-hot labels of shape {@code [n, numClasses]} for the examples at {@code indices}. */
  public INDArray oneHot(int[] indices) {
    if (labels == null) {
      throw new IllegalStateException("these examples carry no labels");
    }
    float[] out = new float[indices.length * info.numClasses()];
    for (int i = 0; i < indices.length; i++) {
      out[i * info.numClasses() + labels[indices[i]]] = 1f;
    }
    return Nd4j.create(out, new long[] {indices.length, info.numClasses()}, DataType.FLOAT);
  }

  /** The first {@code n} examples (or all, if fewer), sharing no mutable state with this split. */
  public Examples head(int n) {
    int k = Math.min(n, count);
    float[] v = java.util.Arrays.copyOf(values, k * info.exampleSize());
    int[] l = labels == null ? null : java.util.Arrays.copyOf(labels, k);
    return new Examples(info, v, l, k);
  }

  private long[] batchShape(int n) {
    long[] shape = info.exampleShape();
    long[] out = new long[shape.length + 1];
    out[0] = n;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }
}
