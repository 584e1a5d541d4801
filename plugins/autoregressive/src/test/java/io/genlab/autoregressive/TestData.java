package io.genlab.autoregressive;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.tck.TinyData;

/** Tiny data sets for the family's tests, derived from the platform's tiny images. */
public final class TestData {
  private TestData() {}

  /** The tiny labelled 1x8x8 images thresholded at 0.5, marked binary (as the trainer's binarisation does). */
  public static Examples binaryImages() {
    Examples images = TinyData.labelledImages();
    float[] values = images.values().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] = values[i] > 0.5f ? 1f : 0f;
    }
    return new Examples(images.info().withBinary(true), values, images.labels(), images.count());
  }

  /** The binary images as unlabelled 64-dimensional vectors. */
  public static Examples binaryVectors() {
    Examples images = binaryImages();
    return new Examples(new DataInfo(new long[] {64}, 0, 1, true, 0), images.values(), null, images.count());
  }

  /** The tiny images quantised to 8 bits (values k/255), unlabelled. */
  public static Examples eightBitImages() {
    Examples images = TinyData.labelledImages();
    float[] values = images.values().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round(values[i] * 255f) / 255f;
    }
    return new Examples(new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0), values, null, images.count());
  }
}
