package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * What a model needs to know about its data: the shape of one example, its value range and classes.
 *
 * <p>Images are {@code [channels, height, width]}; vectors are {@code [dimension]}. Values lie in
 * {@code [low, high]}; {@code binary} means every value is 0 or 1. Immutable and thread-safe.
 *
 * @param exampleShape the shape of one example, never empty
 * @param low the smallest value an example can hold
 * @param high the largest value an example can hold
 * @param binary whether all values are exactly 0 or 1 (after binarisation, if any)
 * @param numClasses the number of label classes, 0 when the data are unlabelled
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record DataInfo(long[] exampleShape, double low, double high, boolean binary, int numClasses) {
  public DataInfo {
    if (exampleShape == null || exampleShape.length == 0) {
      throw new ConfigException("exampleShape", "exampleShape must have at least one dimension");
    }
    for (long d : exampleShape) {
      if (d <= 0) {
        throw new ConfigException(
            "exampleShape", "exampleShape must be all > 0, found " + Arrays.toString(exampleShape));
      }
    }
    if (!(low < high)) {
      throw new ConfigException("low", "low must be < high, found low=" + low + " high=" + high);
    }
    Check.nonNegative("numClasses", numClasses);
    exampleShape = exampleShape.clone();
  }

  @Override
  public long[] exampleShape() {
    return exampleShape.clone();
  }

  /** The number of values in one example (the product of {@link #exampleShape()}). */
  public int exampleSize() {
    long n = 1;
    for (long d : exampleShape) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  /** Whether an example is an image ({@code [channels, height, width]}). */
  public boolean isImage() {
    return exampleShape.length == 3;
  }

  /** Whether the data carry class labels. */
  public boolean labelled() {
    return numClasses > 0;
  }

  /** The same data description with {@code binary} set. */
  public DataInfo withBinary(boolean isBinary) {
    return new DataInfo(exampleShape, low, high, isBinary, numClasses);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataInfo d
        && Arrays.equals(exampleShape, d.exampleShape)
        && low == d.low
        && high == d.high
        && binary == d.binary
        && numClasses == d.numClasses;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(exampleShape) * 31 + Double.hashCode(low) + (binary ? 1 : 0) + numClasses;
  }

  @Override
  public String toString() {
    return "DataInfo[shape=" + Arrays.toString(exampleShape) + ", range=[" + low + ", " + high
        + "], binary=" + binary + ", classes=" + numClasses + "]";
  }
}
