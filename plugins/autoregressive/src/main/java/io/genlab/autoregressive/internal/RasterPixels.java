package io.genlab.autoregressive.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.autoregressive.PixelCnnConfig;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What the image models that generate pixels in raster order (pixelcnn, pixelrnn) share once built: their one
 * ordering, the mapping between pixel levels and data values, and how the output kind is chosen. Immutable.
 *
 * @param model the model's component name, for messages
 * @param data the data the model was built for
 * @param levels the values a pixel takes (2 for Bernoulli pixels)
 */
record RasterPixels(String model, DataInfo data, int levels) {

  /** Whether pixels of {@code data} are Bernoulli under {@code output} ({@code auto}: when the data are binary). */
  static boolean bernoulli(PixelCnnConfig.Output output, DataInfo data) {
    return switch (output) {
      case AUTO -> data.binary();
      case BERNOULLI -> {
        if (!data.binary()) {
          throw new ConfigException("model.config.output", "output bernoulli needs binary data, but the data are not "
              + "binary; set training.binarize (e.g. dynamic) or use output categorical");
        }
        yield true;
      }
      case CATEGORICAL -> false;
    };
  }

  /** The raster order, the only ordering ({@code set} 0). */
  int[] ordering(int set) {
    if (set != 0) {
      throw new IllegalArgumentException(model + " has one ordering (raster), found set " + set);
    }
    int[] order = new int[data.exampleSize()];
    Arrays.setAll(order, i -> i);
    return order;
  }

  /** The data value of level {@code level}: the data's range cut into {@code levels - 1} equal steps. */
  double dataValue(int level) {
    return data.low() + (data.high() - data.low()) * level / (levels - 1);
  }

  /** The nearest level of each value. */
  INDArray toLevels(INDArray values) {
    return Transforms.round(values.sub(data.low()).muli((levels - 1) / (data.high() - data.low())), false);
  }
}
