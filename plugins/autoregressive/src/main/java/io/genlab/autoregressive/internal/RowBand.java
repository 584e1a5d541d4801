package io.genlab.autoregressive.internal;

import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.AutoregressiveModel.RowWindow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sampling through a model's {@link RowWindow}: the conditionals of pixel (r, c) from the band of rows
 * {@code top .. top + rows - 1}, {@code top = max(0, r - rows + 1)}, instead of the whole image. For the
 * peer's PixelCNN on 28x28 images the band is 9 rows, a third of the work per pixel. Not thread-safe.
 */
final class RowBand {
  private final TrainedModel model;
  private final RowWindow window;
  private final String logits;
  private final int n;
  private final int height;
  private final int width;
  private final float[] band;

  private RowBand(TrainedModel model, RowWindow window, int n, int height, int width) {
    this.model = model;
    this.window = window;
    this.logits = model.graph().output(AutoregressiveModel.WINDOW_LOGITS).name();
    this.n = n;
    this.height = height;
    this.width = width;
    this.band = new float[n * window.rows() * width];
  }

  /**
   * The band of {@code model} for a batch shaped {@code shape} ({@code [n, 1, height, width]}) generated in
   * raster order (ordering {@code set} 0), or empty when the model has no row window.
   */
  static Optional<RowBand> of(TrainedModel model, AutoregressiveModel ar, int set, long[] shape) {
    if (set != 0 || shape.length != 4 || shape[1] != 1) {
      return Optional.empty();
    }
    return ar.rowWindow().filter(w -> w.rows() < shape[2])
        .map(w -> new RowBand(model, w, (int) shape[0], (int) shape[2], (int) shape[3]));
  }

  private int top(int row) {
    return Math.max(0, row - window.rows() + 1);
  }

  /** The window's logits for the band around the row of flat pixel {@code d} of {@code values} ({@code [n, h * w]}). */
  INDArray logits(float[] values, int d, INDArray oneHotLabels) {
    int rows = window.rows();
    int top = top(d / width);
    int pixels = height * width;
    for (int i = 0; i < n; i++) {
      System.arraycopy(values, i * pixels + top * width, band, i * rows * width, rows * width);
    }
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(window.input(), Nd4j.create(band, new long[] {n, 1, rows, width}, 'c'));
    if (model.graph().labelInput() != null) {
      feeds.put(model.graph().labelInput(), oneHotLabels);
    }
    return model.run(feeds, List.of(logits)).get(logits);
  }

  /** Where flat pixel {@code d} lies in the window's logits. */
  int position(int d) {
    int row = d / width;
    return (row - top(row)) * width + d % width;
  }
}
