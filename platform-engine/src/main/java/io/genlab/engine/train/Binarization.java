package io.genlab.engine.train;

import io.genlab.api.Examples;
import io.genlab.api.RandomSource;

/**
 * How [0, 1] data become binary before a model sees them.
 *
 * <p>{@code DYNAMIC} resamples Bernoulli(x) every epoch (the standard MNIST VAE protocol),
 * {@code FIXED} samples once per example, {@code THRESHOLD} uses x > 0.5, {@code NONE} keeps values.
 * The draws depend only on (seed, epoch, example index), never on batch order. Thread-safe.
 */
public enum Binarization {
  NONE,
  THRESHOLD,
  FIXED,
  DYNAMIC;

  /**
   * Binarises in place the examples of a batch.
   *
   * @param values {@code indices.length} examples of {@code exampleSize} values each
   * @param indices each example's index in its split
   * @param random the binarisation source of the split
   * @param epoch the epoch, ignored except by {@code DYNAMIC}
   */
  public void apply(float[] values, int[] indices, int exampleSize, RandomSource random, int epoch) {
    if (this == NONE) {
      return;
    }
    if (this == THRESHOLD) {
      for (int i = 0; i < values.length; i++) {
        values[i] = values[i] > 0.5f ? 1f : 0f;
      }
      return;
    }
    RandomSource source = this == DYNAMIC ? random.derive(epoch) : random;
    float[] u = new float[exampleSize];
    for (int e = 0; e < indices.length; e++) {
      Uniforms.fill(source.derive(indices[e]), u);
      int offset = e * exampleSize;
      for (int j = 0; j < exampleSize; j++) {
        // u < x exactly when u - x is negative (both finite): the sign bit is the draw. Branch-free,
        // because a data-dependent branch mispredicts on every other pixel.
        values[offset + j] = Float.floatToRawIntBits(u[j] - values[offset + j]) >>> 31;
      }
    }
  }

  /**
   * The protocol this binarisation gives, as logged in the run tag {@code genlab.protocol.binarization}:
   * training data's treatment, then the test split's (metrics see the fixed copy of {@link #applyOnce}).
   */
  public String describe() {
    return switch (this) {
      case NONE -> "none";
      case THRESHOLD -> "threshold-0.5";
      case FIXED -> "bernoulli-fixed-per-seed";
      case DYNAMIC -> "bernoulli-dynamic; test bernoulli-fixed-per-seed";
    };
  }

  /**
   * A binarised copy of a whole split, drawn once (epoch 0): how test sets are fixed for evaluation
   * when training binarises dynamically.
   */
  public Examples applyOnce(Examples examples, RandomSource random) {
    if (this == NONE) {
      return examples;
    }
    float[] copy = examples.values().clone();
    int[] indices = new int[examples.count()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = i;
    }
    apply(copy, indices, examples.info().exampleSize(), random, 0);
    return new Examples(examples.info().withBinary(true), copy, examples.labels(), examples.count(), examples.factors());
  }
}
