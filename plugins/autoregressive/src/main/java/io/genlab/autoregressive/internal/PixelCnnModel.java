package io.genlab.autoregressive.internal;

import io.genlab.nn.Init;
import io.genlab.nn.Layers;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.PixelCnnConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * PixelCNN on single-channel images, generated in raster order: a type-A masked convolution, type-B
 * residual blocks (or gated vertical and horizontal stacks) and a 1x1 head, as {@link PixelCnnConfig}
 * describes. The input is the data scaled to
 * [0, 1] (binary data unchanged). Bernoulli outputs give one logit per pixel; categorical outputs
 * {@code levels} logits per pixel, the target level of a value being {@code round((x - low) / (high -
 * low) (levels - 1))}.
 */
public final class PixelCnnModel implements Model, AutoregressiveModel {
  private static final String SCOPE = "pixelcnn";
  private static final String WINDOW_INPUT = "sample/rows";
  private final PixelCnnConfig config;
  private DataInfo data;
  private int levels;
  private RasterPixels pixels;
  private RowWindow window;

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
    boolean bernoulli = RasterPixels.bernoulli(config.output(), info);
    if (config.conditional() && !info.labelled()) {
      throw new ConfigException("model.config.conditional", "pixelcnn is conditional but the data have no labels; "
          + "set conditional: false or use labelled data");
    }
    data = info;
    levels = bernoulli ? 2 : config.levels();
    pixels = new RasterPixels("pixelcnn", info, levels);
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

    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);
    SDVariable out = network(layers, unit, labels, bernoulli);

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
    graph.output(LOG_LIKELIHOOD, sd.identity(LOG_LIKELIHOOD, logLikelihood))
        .output(LOGITS, sd.identity(LOGITS, logits))
        .parameters(ModelGraph.DEFAULT_GROUP, layers.parameters());
    // The same network on a band of rows, for sampling: the conditionals of row r depend on the rows
    // down to r - rowsAbove only (each masked convolution looks kernel / 2 rows up, none down).
    int rows = 1 + config.firstKernel() / 2 + config.residualBlocks() * (config.blockKernel() / 2);
    window = null;
    if (rows < shape[1]) {
      SDVariable band = sd.placeHolder(WINDOW_INPUT, DataType.FLOAT, -1, shape[0], rows, shape[2]);
      SDVariable bandUnit = info.low() == 0 && info.high() == 1 ? band : band.sub(info.low()).div(info.high() - info.low());
      SDVariable bandOut = network(layers.reusing(), bandUnit, labels, bernoulli);
      long positions = rows * shape[2];
      SDVariable bandLogits = bernoulli ? bandOut.reshape(-1, positions) : bandOut.reshape(-1, levels, positions);
      graph.output(WINDOW_LOGITS, sd.identity(WINDOW_LOGITS, bandLogits));
      window = new RowWindow(WINDOW_INPUT, rows);
    }
    return graph.build();
  }

  /** The trunk and the 1x1 head on {@code unit}: one logit (Bernoulli) or {@code levels} per pixel. */
  private SDVariable network(Layers layers, SDVariable unit, SDVariable labels, boolean bernoulli) {
    SameDiff sd = layers.sameDiff();
    int ch = config.channels();
    SDVariable h = switch (config.blocks()) {
      case RESIDUAL -> residualTrunk(layers, unit, labels);
      case GATED -> gatedTrunk(layers, unit, labels);
    };
    SDVariable head = layers.maskedConv2d(SCOPE + "/head", sd.nn.relu(h, 0.0), ch, config.outputHidden(), 1, 1, null);
    return layers.maskedConv2d(SCOPE + "/out", sd.nn.relu(head, 0.0), config.outputHidden(), bernoulli ? 1 : levels, 1, 1, null);
  }

  @Override
  public Optional<RowWindow> rowWindow() {
    built();
    return Optional.ofNullable(window);
  }

  /** The original PixelCNN: a type-A masked convolution and type-B residual blocks; the peer's network. */
  private SDVariable residualTrunk(Layers layers, SDVariable unit, SDVariable labels) {
    SameDiff sd = layers.sameDiff();
    int ch = config.channels();
    SDVariable h = layers.maskedConv2d(SCOPE + "/in", unit, 1, ch, config.firstKernel(), config.firstKernel(), mask(sd, "in", config.firstKernel(),
        1, ch, false));
    h = conditionOn(layers, SCOPE + "/in", h, labels, ch);
    for (int b = 0; b < config.residualBlocks(); b++) {
      String name = SCOPE + "/block" + b;
      SDVariable r = layers.maskedConv2d(name, sd.nn.relu(h, 0.0), ch, ch, config.blockKernel(), config.blockKernel(),
          mask(sd, "block" + b, config.blockKernel(), ch, ch, true));
      h = h.add(conditionOn(layers, name, r, labels, ch));
    }
    return h;
  }

  /** The gated PixelCNN's two stacks after a block. */
  private record Stacks(SDVariable vertical, SDVariable horizontal) {}

  /** A type-A gated layer on the input, then type-B gated blocks; returns the horizontal stack. */
  private SDVariable gatedTrunk(Layers layers, SDVariable unit, SDVariable labels) {
    Stacks stacks = gatedBlock(layers, "gated0", new Stacks(unit, unit), 1, config.firstKernel(), false, labels);
    for (int b = 1; b <= config.residualBlocks(); b++) {
      stacks = gatedBlock(layers, "gated" + b, stacks, config.channels(), config.blockKernel(), true, labels);
    }
    return stacks.horizontal();
  }

  /**
   * One gated block (van den Oord et al., 2016, figure 2). The vertical stack's {@code k x k} kernel keeps
   * the rows above the centre, type B also the centre row: the first layer's features at row i see only
   * rows {@code < i}, and later layers keep that because their input rows {@code <= i} do. So the vertical
   * stack can feed the horizontal one through a 1x1 convolution at the same position without the usual
   * one-row shift. The horizontal stack's {@code 1 x k} kernel keeps the pixels left of the centre, type B
   * also the centre. Both produce {@code 2 channels} gate pre-activations; the horizontal stack adds a
   * residual connection around a 1x1 convolution from type B on (the first layer's input is the image,
   * whose current pixel must stay unseen).
   */
  private Stacks gatedBlock(Layers layers, String block, Stacks in, long inChannels, int kernel, boolean typeB,
      SDVariable labels) {
    SameDiff sd = layers.sameDiff();
    long ch = config.channels();
    String name = SCOPE + "/" + block;
    int centre = kernel / 2;
    SDVariable verticalMask = mask(sd, name + "/vertical/mask", kernel, kernel, inChannels, 2 * ch,
        (r, c) -> r < centre || (typeB && r == centre));
    SDVariable verticalPre = layers.maskedConv2d(name + "/vertical", in.vertical(), inChannels, 2 * ch, kernel, kernel,
        verticalMask);
    verticalPre = conditionOn(layers, name + "/vertical", verticalPre, labels, 2 * ch);
    SDVariable horizontalMask = mask(sd, name + "/horizontal/mask", 1, kernel, inChannels, 2 * ch,
        (r, c) -> c < centre || (typeB && c == centre));
    SDVariable horizontalPre = layers.maskedConv2d(name + "/horizontal", in.horizontal(), inChannels, 2 * ch, 1, kernel,
        horizontalMask).add(layers.maskedConv2d(name + "/link", verticalPre, 2 * ch, 2 * ch, 1, 1, null));
    horizontalPre = conditionOn(layers, name + "/horizontal", horizontalPre, labels, 2 * ch);
    SDVariable update = layers.maskedConv2d(name + "/residual", gate(sd, horizontalPre, ch), ch, ch, 1, 1, null);
    return new Stacks(gate(sd, verticalPre, ch), typeB ? in.horizontal().add(update) : update);
  }

  /** {@code tanh(a) sigmoid(b)} of the first and second {@code ch} channels of {@code pre}. */
  private static SDVariable gate(SameDiff sd, SDVariable pre, long ch) {
    SDVariable a = pre.get(SDIndex.all(), SDIndex.interval(0L, ch), SDIndex.all(), SDIndex.all());
    SDVariable b = pre.get(SDIndex.all(), SDIndex.interval(ch, 2 * ch), SDIndex.all(), SDIndex.all());
    return sd.math.tanh(a).mul(sd.nn.sigmoid(b));
  }

  /** Adds a learned per-class channel bias {@code y W} to {@code h}; unchanged for an unconditional model. */
  private static SDVariable conditionOn(Layers layers, String name, SDVariable h, SDVariable labels, long ch) {
    if (labels == null) {
      return h;
    }
    long classes = labels.getShape()[1];
    SDVariable bias = layers.maskedDense(name + "/label", labels, classes, ch, null, false);
    return h.add(bias.reshape(-1, ch, 1, 1));
  }

  /**
   * The mask of a {@code [k, k, in, out]} kernel: rows above the centre, and the centre row left of the
   * centre; type B also the centre itself (a pixel's own features after the first layer).
   */
  private static SDVariable mask(SameDiff sd, String name, int kernel, long in, long out, boolean typeB) {
    int centre = kernel / 2;
    return mask(sd, SCOPE + "/" + name + "/mask", kernel, kernel, in, out,
        (r, c) -> r < centre || (r == centre && (c < centre || (typeB && c == centre))));
  }

  /**
   * A constant {@code [height, width, in, out]} mask, 1 at the kernel positions {@code keep} accepts; the
   * graph's own when it has one of that name (the sampling window's network reuses the masks).
   */
  private static SDVariable mask(SameDiff sd, String name, int height, int width, long in, long out,
      BiPredicate<Integer, Integer> keep) {
    if (sd.hasVariable(name)) {
      return sd.getVariable(name);
    }
    INDArray mask = Nd4j.zeros(DataType.FLOAT, height, width, in, out);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        if (keep.test(r, c)) {
          mask.get(NDArrayIndex.point(r), NDArrayIndex.point(c)).assign(1);
        }
      }
    }
    return sd.constant(name, mask);
  }

  @Override
  public int orderings() {
    return 1;
  }

  @Override
  public int[] ordering(int set) {
    return built().ordering(set);
  }

  @Override
  public int levels() {
    return built().levels();
  }

  @Override
  public int numClasses() {
    built();
    return config.conditional() ? data.numClasses() : 0;
  }

  @Override
  public Map<String, INDArray> orderingFeeds(int set, long batchSize) {
    ordering(set);
    return Map.of();
  }

  @Override
  public double dataValue(int level) {
    return built().dataValue(level);
  }

  @Override
  public INDArray toLevels(INDArray values) {
    return built().toLevels(values);
  }

  private RasterPixels built() {
    if (pixels == null) {
      throw new IllegalStateException("pixelcnn has not been built yet");
    }
    return pixels;
  }
}
