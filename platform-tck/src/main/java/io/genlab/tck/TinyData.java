package io.genlab.tck;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.RandomSource;

/** Tiny deterministic data sets for plugins' contract scenarios. */
public final class TinyData {
  private TinyData() {}

  /** 32 labelled 1x8x8 images with values in [0, 1]: a bright quadrant whose position is the class (4 classes). */
  public static Examples labelledImages() {
    int n = 32;
    float[] values = new float[n * 64];
    int[] labels = new int[n];
    float[] noise = new float[values.length];
    RandomSource.seeded(1).fillUniform(noise);
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
      for (int p = 0; p < 64; p++) {
        int row = p / 8;
        int col = p % 8;
        boolean on = (row / 4) * 2 + (col / 4) == labels[i];
        values[i * 64 + p] = on ? 0.8f + 0.2f * noise[i * 64 + p] : 0.2f * noise[i * 64 + p];
      }
    }
    return new Examples(new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 4), values, labels, n);
  }

  /** 48 points of 4 labelled Gaussian blobs at (+-1, +-1), std 0.1, in the box [-2, 2]^2. */
  public static Examples labelledBlobs() {
    int n = 48;
    float[] noise = new float[n * 2];
    RandomSource.seeded(4).fillNormal(noise);
    float[] values = new float[n * 2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
      values[2 * i] = (labels[i] % 2 == 0 ? -1 : 1) + 0.1f * noise[2 * i];
      values[2 * i + 1] = (labels[i] / 2 == 0 ? -1 : 1) + 0.1f * noise[2 * i + 1];
    }
    return new Examples(new DataInfo(new long[] {2}, -2, 2, false, 4), values, labels, n);
  }
}
