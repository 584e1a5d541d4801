package io.genlab.autoregressive.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.PixelCnnConfig;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PixelCNN on single-channel images, generated in raster order: a type-A masked convolution, type-B
 * residual blocks and a 1x1 head, as {@link PixelCnnConfig} describes. The input is the data scaled to
 * [0, 1] (binary data unchanged). Bernoulli outputs give one logit per pixel; categorical outputs
 * {@code levels} logits per pixel, the target level of a value being {@code round((x - low) / (high -
 * low) (levels - 1))}.
 */
public final class PixelCnnModel implements Model, AutoregressiveModel {
  private static final String SCOPE = "pixelcnn";
  private final PixelCnnConfig config;
  private DataInfo data;
  private int levels;

  public PixelCnnModel(PixelCnnConfig config) {
    this.config = config;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo info = context.data();
    long[] shape = info.exampleShape();
    if (!info.isImage() || shape[0] != 1) {
      throw new ConfigException("model", "pixelcnn models single-channel images [1, height, width], found examples "
          + "shaped " + Arrays.toString(shape) + " (the channel-group masks of multi-channel PixelCNN are not "
          + "implemented; use made for vectors)");
    }
    boolean bernoulli = switch (config.output()) {
      case AUTO -> info.binary();
      case BERNOULLI -> {
        if (!info.binary()) {
          throw new ConfigException("model.config.output", "output bernoulli needs binary data, but the data are not "
              + "binary; set training.binarize (e.g. dynamic) or use output categorical");
        }
        yield true;
      }
      case CATEGORICAL -> false;
    };
    if (config.conditional() && !info.labelled()) {
      throw new ConfigException("model.config.conditional", "pixelcnn is conditional but the data have no labels; "
          + "set conditional: false or use labelled data");
    }
    data = info;
    levels = bernoulli ? 2 : config.levels();
    int d = info.exampleSize();
    SameDiff sd = context.sameDiff();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, shape[0], shape[1], shape[2]);
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, shape);
    SDVariable labels = null;
    if (config.conditional()) {
      labels = sd.placeHolder("y", DataType.FLOAT, -1L, info.numClasses());
      graph.labelInput(labels);
    }
    SDVariable unit = info.low() == 0 && info.high() == 1 ? x : x.sub(info.low()).div(info.high() - info.low());

    MaskedLayers layers = new MaskedLayers(sd, context.init());
    int ch = config.channels();
    SDVariable h = layers.conv(SCOPE + "/in", unit, 1, ch, config.firstKernel(), mask(sd, "in", config.firstKernel(),
        1, ch, false));
    h = conditionOn(layers, SCOPE + "/in", h, labels, ch);
    for (int b = 0; b < config.residualBlocks(); b++) {
      String name = SCOPE + "/block" + b;
      SDVariable r = layers.conv(name, sd.nn.relu(h, 0.0), ch, ch, config.blockKernel(),
          mask(sd, "block" + b, config.blockKernel(), ch, ch, true));
      h = h.add(conditionOn(layers, name, r, labels, ch));
    }
    SDVariable head = layers.conv(SCOPE + "/head", sd.nn.relu(h, 0.0), ch, config.outputHidden(), 1, null);
    SDVariable out = layers.conv(SCOPE + "/out", sd.nn.relu(head, 0.0), config.outputHidden(), bernoulli ? 1 : levels,
        1, null);

    SDVariable logits;
    SDVariable logLikelihood;
    if (bernoulli) {
      logits = out.reshape(-1, d);
      logLikelihood = Likelihoods.bernoulli(sd, unit.reshape(-1, d), logits, d);
    } else {
      logits = out.reshape(-1, levels, d);
      SDVariable level = sd.math.round(unit.reshape(-1, d).mul((double) (levels - 1)));
      logLikelihood = Likelihoods.categorical(sd, level, logits, levels, d);
    }
    return graph
        .output(LOG_LIKELIHOOD, sd.identity(LOG_LIKELIHOOD, logLikelihood))
        .output(LOGITS, sd.identity(LOGITS, logits))
        .parameters(ModelGraph.DEFAULT_GROUP, layers.parameters())
        .build();
  }

  /** Adds a learned per-class channel bias {@code y W} to {@code h}; unchanged for an unconditional model. */
  private static SDVariable conditionOn(MaskedLayers layers, String name, SDVariable h, SDVariable labels, long ch) {
    if (labels == null) {
      return h;
    }
    long classes = labels.getShape()[1];
    SDVariable bias = layers.dense(name + "/label", labels, classes, ch, null, false);
    return h.add(bias.reshape(-1, ch, 1, 1));
  }

  /**
   * The mask of a {@code [k, k, in, out]} kernel: rows above the centre, and the centre row left of the
   * centre; type B also the centre itself (a pixel's own features after the first layer).
   */
  private static SDVariable mask(SameDiff sd, String name, int kernel, long in, long out, boolean typeB) {
    INDArray mask = Nd4j.zeros(DataType.FLOAT, kernel, kernel, in, out);
    int centre = kernel / 2;
    for (int r = 0; r < kernel; r++) {
      for (int c = 0; c < kernel; c++) {
        if (r < centre || (r == centre && (c < centre || (typeB && c == centre)))) {
          mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(r), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
              .assign(1);
        }
      }
    }
    return sd.constant(SCOPE + "/" + name + "/mask", mask);
  }

  @Override
  public int orderings() {
    return 1;
  }

  @Override
  public int[] ordering(int set) {
    requireBuilt();
    if (set != 0) {
      throw new IllegalArgumentException("pixelcnn has one ordering (raster), found set " + set);
    }
    int[] order = new int[data.exampleSize()];
    Arrays.setAll(order, i -> i);
    return order;
  }

  @Override
  public int levels() {
    requireBuilt();
    return levels;
  }

  @Override
  public int numClasses() {
    requireBuilt();
    return config.conditional() ? data.numClasses() : 0;
  }

  @Override
  public Map<String, INDArray> orderingFeeds(int set, long batchSize) {
    ordering(set);
    return Map.of();
  }

  @Override
  public double dataValue(int level) {
    requireBuilt();
    return data.low() + (data.high() - data.low()) * level / (levels - 1);
  }

  @Override
  public INDArray toLevels(INDArray values) {
    requireBuilt();
    return Transforms.round(values.sub(data.low()).muli((levels - 1) / (data.high() - data.low())), false);
  }

  private void requireBuilt() {
    if (data == null) {
      throw new IllegalStateException("pixelcnn has not been built yet");
    }
  }
}
