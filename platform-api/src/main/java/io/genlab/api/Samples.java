package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a sampler produced: values in data space, shaped {@code [n, ...exampleShape]}.
 *
 * <p>Immutable by contract; thread-safe for reading.
 *
 * @param values the samples in the data's value range (probabilities for binary data)
 * @param labels the class of each sample for conditional samplers, or {@code null}
 * @param columns how many samples a row of the sample grid should show, at least 1
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record Samples(INDArray values, int[] labels, int columns) {
  public Samples {
    Check.notNull("values", values);
    Check.positive("columns", columns);
    if (labels != null && labels.length != values.size(0)) {
      throw new IllegalArgumentException(
          "labels must have one entry per sample (" + values.size(0) + "), found " + labels.length);
    }
  }

  /** The number of samples. */
  public int count() {
    return (int) values.size(0);
  }
}
