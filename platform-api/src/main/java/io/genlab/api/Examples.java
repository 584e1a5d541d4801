package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
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
 * @param factors the examples' known generative factors, or {@code null} when the data have none (all but
 *     procedural data); since 0.6
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record Examples(DataInfo info, float[] values, int[] labels, int count, ExampleFactors factors) {
  /** Examples without known factors, as before 0.6. */
  public Examples(DataInfo info, float[] values, int[] labels, int count) {
    this(info, values, labels, count, null);
  }

  /** Validates the shapes and labels; throws {@link ConfigException} naming the field at fault. */
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
    if (factors != null && factors.count() != count) {
      throw new ConfigException(
          "factors", "factors must describe every example (" + count + "), found " + factors.count());
    }
  }

  /**
   * The examples' known generative factors (shape, scale, position ...), which disentanglement metrics
   * compare representations against.
   *
   * @return the factors, or {@code null} when the data have none
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  @Override
  public ExampleFactors factors() {
    return factors;
  }

  /**
   * The same examples with {@code newFactors}, sharing the values and labels.
   *
   * @param newFactors one entry per example, or {@code null} for none
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public Examples withFactors(ExampleFactors newFactors) {
    return new Examples(info, values, labels, count, newFactors);
  }

  /**
   * Copies of the examples at {@code indices}, in that order, with their labels and factors.
   *
   * @param indices example indices in {@code [0, count)}, never {@code null}
   * @return examples sharing no mutable state with these, never {@code null}
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public Examples select(int[] indices) {
    int size = info.exampleSize();
    float[] v = new float[indices.length * size];
    int[] l = labels == null ? null : new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * size, v, i * size, size);
      if (l != null) {
        l[i] = labels[indices[i]];
      }
    }
    return new Examples(info, v, l, indices.length, factors == null ? null : factors.select(indices));
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

  /** The first {@code n} examples (or all, if fewer) with their labels and factors, sharing no mutable state with this split. */
  public Examples head(int n) {
    int k = Math.min(n, count);
    float[] v = java.util.Arrays.copyOf(values, k * info.exampleSize());
    int[] l = labels == null ? null : java.util.Arrays.copyOf(labels, k);
    return new Examples(info, v, l, k, factors == null ? null : factors.head(k));
  }

  private long[] batchShape(int n) {
    long[] shape = info.exampleShape();
    long[] out = new long[shape.length + 1];
    out[0] = n;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }
}
