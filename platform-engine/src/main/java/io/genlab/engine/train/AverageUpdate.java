package io.genlab.engine.train;

import io.genlab.engine.internal.FloatBuffers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running-average update {@code average = average * (1 - m) + value * m} as one loop, rounded as
 * ND4J's three separate ops rounded it (each product and the sum in float), so checkpointed averages
 * continue bit-identically. Not thread-safe: it reuses its scratch arrays.
 */
final class AverageUpdate {
  private float[] average = new float[0];
  private float[] value = new float[0];

  /** Moves {@code target} towards {@code value} by {@code momentum}, in place. */
  void blend(INDArray target, INDArray value, double momentum) {
    int n = Math.toIntExact(target.length());
    if (value.length() != n) {
      throw new IllegalArgumentException("running average of " + n + " values updated with " + value.length());
    }
    if (average.length < n) {
      average = new float[n];
      this.value = new float[n];
    }
    FloatBuffers.read(target, average, 0);
    FloatBuffers.read(FloatBuffers.isContiguous(value) ? value : value.dup('c'), this.value, 0);
    float keep = (float) (1 - momentum);
    float take = (float) momentum;
    float[] a = average;
    float[] v = this.value;
    for (int i = 0; i < n; i++) {
      a[i] = a[i] * keep + v[i] * take;
    }
    FloatBuffers.write(a, 0, target);
  }
}
