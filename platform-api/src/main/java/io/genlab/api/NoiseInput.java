package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * A graph placeholder that the trainer fills with fresh random values at every step.
 *
 * <p>Models never draw random numbers inside the graph (SameDiff's in-graph random ops are not
 * reproducible); they declare noise inputs instead, and the trainer feeds them from a counter-based
 * {@link RandomSource} keyed by (run seed, input name, step). Immutable and thread-safe.
 *
 * @param name the placeholder's name in the graph
 * @param shape the shape of one example's noise (the batch dimension is prepended)
 * @param distribution what to draw
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record NoiseInput(String name, long[] shape, Distribution distribution) {

  /** The distributions the trainer can draw from. */
  public enum Distribution {
    /** N(0, 1) per element. */
    STANDARD_NORMAL,
    /** U[0, 1) per element. */
    UNIFORM
  }

  public NoiseInput {
    Check.notNull("name", name);
    Check.notNull("distribution", distribution);
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The shape for a batch of {@code batchSize} examples. */
  public long[] batchShape(long batchSize) {
    long[] out = new long[shape.length + 1];
    out[0] = batchSize;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }

  /** Draws the noise for {@code batchSize} examples from {@code random}. */
  public org.nd4j.linalg.api.ndarray.INDArray draw(long batchSize, RandomSource random) {
    long[] s = batchShape(batchSize);
    return distribution == Distribution.STANDARD_NORMAL ? random.normal(s) : random.uniform(s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoiseInput n
        && name.equals(n.name)
        && Arrays.equals(shape, n.shape)
        && distribution == n.distribution;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "NoiseInput[" + name + " " + Arrays.toString(shape) + " " + distribution + "]";
  }
}
