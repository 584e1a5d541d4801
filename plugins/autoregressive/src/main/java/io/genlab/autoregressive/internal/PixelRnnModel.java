package io.genlab.autoregressive.internal;

import io.genlab.nn.Init;
import io.genlab.nn.Layers;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.PixelRnnConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiPredicate;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PixelRNN (van den Oord, Kalchbrenner and Kavukcuoglu, 2016) on single-channel images in raster order: a
 * type-A masked convolution, Row LSTM or Diagonal BiLSTM layers with residual connections and a 1x1 head, as
 * {@link PixelRnnConfig} describes; outputs and likelihoods as {@link PixelCnnModel}'s.
 *
 * <p>The recurrences are unrolled into the graph (SameDiff has no convolutional LSTM): a row (Row LSTM) or a
 * skewed column (Diagonal BiLSTM) per step, each step a slice of the precomputed input-to-state map, one
 * state-to-state convolution and the LSTM cell's element-wise ops. The Diagonal BiLSTM runs both directions in
 * one recurrence: their states are stacked along the channels and the state-to-state kernel is masked
 * block-diagonally, which halves the steps in the graph.
 */
public final class PixelRnnModel implements Model, AutoregressiveModel {
  private static final String SCOPE = "pixelrnn";
  private final PixelRnnConfig config;
  private DataInfo data;
  private int levels;
  private RasterPixels pixels;

  public PixelRnnModel(PixelRnnConfig config) {
    this.config = config;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo info = context.data();
    long[] shape = info.exampleShape();
    if (!info.isImage() || shape[0] != 1) {
      throw new ConfigException("model", "pixelrnn models single-channel images [1, height, width], found examples "
          + "shaped " + Arrays.toString(shape) + " (the channel masks of multi-channel PixelRNN are not "
          + "implemented; use made for vectors)");
    }
    boolean bernoulli = RasterPixels.bernoulli(config.output(), info);
    data = info;
    levels = bernoulli ? 2 : config.levels();
    pixels = new RasterPixels("pixelrnn", info, levels);
    int d = info.exampleSize();
    int height = (int) shape[1];
    int width = (int) shape[2];
    SameDiff sd = context.sameDiff();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, shape[0], shape[1], shape[2]);
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, shape);
    SDVariable unit = info.low() == 0 && info.high() == 1 ? x : x.sub(info.low()).div(info.high() - info.low());

    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);
    long h = config.hidden();
    long residual = 2 * h;
    int k = config.firstKernel();
    SDVariable stream = layers.maskedConv2d(SCOPE + "/in", unit, 1, residual, k, k, mask(sd, SCOPE + "/in/mask", k, k, 1,
        residual, (r, c) -> r < k / 2 || (r == k / 2 && c < k / 2)));
    for (int l = 0; l < config.layers(); l++) {
      String name = SCOPE + "/lstm" + l;
      SDVariable hidden = switch (config.variant()) {
        case ROW_LSTM -> rowLstm(layers, name, stream, height);
        case DIAGONAL_BILSTM -> diagonalBiLstm(layers, name, stream, height, width);
      };
      stream = stream.add(layers.maskedConv2d(name + "/up", hidden, h, residual, 1, 1, null));
    }
    SDVariable head = layers.maskedConv2d(SCOPE + "/head", sd.nn.relu(stream, 0.0), residual, config.outputHidden(), 1, 1, null);
    SDVariable out = layers.maskedConv2d(SCOPE + "/out", sd.nn.relu(head, 0.0), config.outputHidden(), bernoulli ? 1 : levels,
        1,
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
    return graph.output(LOG_LIKELIHOOD, sd.identity(LOG_LIKELIHOOD, logLikelihood))
        .output(LOGITS, sd.identity(LOGITS, logits))
        .parameters(ModelGraph.DEFAULT_GROUP, layers.parameters())
        .build();
  }

  /**
   * A Row LSTM layer on {@code [B, 2h, H, W]}: the input-to-state map of every row at once (a {@code 1 x k}
   * convolution that sees the pixels left of and at each position, mask B), then row r's gates add a
   * {@code 1 x k} convolution of row r - 1's hidden state. Gate channels are ordered o, f, i, g. Returns the
   * hidden states {@code [B, h, H, W]}.
   */
  private SDVariable rowLstm(Layers layers, String name, SDVariable in, int height) {
    SameDiff sd = layers.sameDiff();
    long h = config.hidden();
    int k = config.rowKernel();
    SDVariable inputKernel = layers.convKernel(name + "/input", 2 * h, 4 * h, 1, k,
        mask(sd, name + "/input/mask", 1, k, 2 * h, 4 * h, (r, c) -> c <= k / 2));
    SDVariable pre = sd.cnn.conv2d(in, inputKernel, layers.convBias(name + "/input", 2 * h * k, 4 * h), same(1, k));
    SDVariable stateKernel = layers.convKernel(name + "/state", h, 4 * h, 1, k, null);
    SDVariable[] rows = new SDVariable[height];
    SDVariable[] state = null;
    for (int r = 0; r < height; r++) {
      SDVariable gates = pre.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(r, r + 1), SDIndex.all());
      if (state != null) {
        gates = gates.add(sd.cnn.conv2d(state[0], stateKernel, same(1, k)));
      }
      state = cell(sd, gates, state == null ? null : state[1], h);
      rows[r] = state[0];
    }
    return height == 1 ? rows[0] : sd.concat(2, rows);
  }

  /**
   * A Diagonal BiLSTM layer on {@code [B, 2h, H, W]}. The input-to-state 1x1 convolution gives both directions'
   * gates; the right-to-left direction's are mirrored. Both maps are skewed (row i shifted right by i) so that
   * a column of the skewed map is a diagonal of the image, and one recurrence runs over the {@code W + H - 1}
   * columns: the state of column j, both directions stacked ({@code [B, 2h, H, 1]}), feeds column j + 1 through a
   * 2x1 convolution (row i reads rows i - 1 and i: the pixel above and the pixel to the left). The outputs are
   * unskewed, the right-to-left one mirrored back and shifted down one row (at row i it has seen row i's pixels
   * to the right, which come later), and added. Gate channels are ordered (gate o, f, i, g; direction; unit).
   * Returns {@code [B, h, H, W]}.
   */
  private SDVariable diagonalBiLstm(Layers layers, String name, SDVariable in, int height, int width) {
    SameDiff sd = layers.sameDiff();
    long h = config.hidden();
    SDVariable both = layers.maskedConv2d(name + "/input", in, 2 * h, 8 * h, 1, 1, null);
    // Channel c belongs to direction (c / h) % 2; the right-to-left direction reads the mirrored map.
    float[] leftToRight = new float[(int) (8 * h)];
    for (int c = 0; c < leftToRight.length; c++) {
      leftToRight[c] = (c / h) % 2 == 0 ? 1f : 0f;
    }
    INDArray forwardChannels = Nd4j.create(leftToRight, new long[] {1, 8 * h, 1, 1}, 'c');
    SDVariable forward = constant(sd, name + "/forward_channels", forwardChannels);
    SDVariable backward = constant(sd, name + "/backward_channels", forwardChannels.rsub(1));
    SDVariable mirrored = mirror(sd, both, 8 * h, height, width);
    SDVariable pre = skew(sd, both.mul(forward).add(mirrored.mul(backward)), 8 * h, height, width);
    // Row i of column j reads rows i - 1 (kernel row 0) and i (kernel row 1) of column j - 1, own direction only.
    SDVariable stateKernel = layers.convKernel(name + "/state", 2 * h, 8 * h, 3, 1,
        mask(sd, name + "/state/mask", 3, 1, 2 * h, 8 * h, (r, c) -> r <= 1,
            (i, o) -> i / h == (o / h) % 2));
    int columns = width + height - 1;
    SDVariable[] outputs = new SDVariable[columns];
    SDVariable[] state = null;
    for (int j = 0; j < columns; j++) {
      SDVariable gates = pre.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(j, j + 1));
      if (state != null) {
        gates = gates.add(sd.cnn.conv2d(state[0], stateKernel, same(3, 1)));
      }
      state = cell(sd, gates, state == null ? null : state[1], 2 * h);
      outputs[j] = state[0];
    }
    SDVariable out = unskew(sd, columns == 1 ? outputs[0] : sd.concat(3, outputs), 2 * h, height, width);
    SDVariable leftToRightOut = out.get(SDIndex.all(), SDIndex.interval(0L, h), SDIndex.all(), SDIndex.all());
    SDVariable rightToLeftOut = mirror(sd, out.get(SDIndex.all(), SDIndex.interval(h, 2 * h), SDIndex.all(),
        SDIndex.all()), h, height, width);
    SDVariable down = sd.nn.pad(rightToLeftOut, sd.constant(Nd4j.createFromArray(new long[][] {
        {0, 0}, {0, 0}, {1, 0}, {0, 0}})), 0.0);
    return leftToRightOut.add(down.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, height), SDIndex.all()));
  }

  /**
   * One LSTM step: {@code gates} {@code [B, 4n, ...]} holds the pre-activations of o, f, i (sigmoid) and g
   * (tanh), n channels each; {@code c = f c' + i g} ({@code i g} when there is no previous cell {@code c'}),
   * {@code h = o tanh(c)}. Returns {h, c}.
   */
  private static SDVariable[] cell(SameDiff sd, SDVariable gates, SDVariable previousCell, long n) {
    SDVariable sig = sd.nn.sigmoid(gates.get(SDIndex.all(), SDIndex.interval(0L, 3 * n), SDIndex.all(), SDIndex.all()));
    SDVariable g = sd.math.tanh(gates.get(SDIndex.all(), SDIndex.interval(3 * n, 4 * n), SDIndex.all(), SDIndex.all()));
    SDVariable o = sig.get(SDIndex.all(), SDIndex.interval(0L, n), SDIndex.all(), SDIndex.all());
    SDVariable i = sig.get(SDIndex.all(), SDIndex.interval(2 * n, 3 * n), SDIndex.all(), SDIndex.all());
    SDVariable c = i.mul(g);
    if (previousCell != null) {
      SDVariable f = sig.get(SDIndex.all(), SDIndex.interval(n, 2 * n), SDIndex.all(), SDIndex.all());
      c = c.add(f.mul(previousCell));
    }
    return new SDVariable[] {o.mul(sd.math.tanh(c)), c};
  }

  /**
   * {@code [B, C, H, W]} to {@code [B, C, H, W + H - 1]} with row i shifted right by i, zeros elsewhere: padded
   * to width {@code W + H}, flattened and cut to {@code H (W + H - 1)} values, each row starts i values later.
   */
  static SDVariable skew(SameDiff sd, SDVariable x, long channels, long height, long width) {
    SDVariable padded = sd.nn.pad(x, sd.constant(Nd4j.createFromArray(new long[][] {
        {0, 0}, {0, 0}, {0, 0}, {0, height}})), 0.0);
    long skewedWidth = width + height - 1;
    SDVariable flat = padded.reshape(-1, channels, height * (width + height));
    return flat.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0L, height * skewedWidth))
        .reshape(-1, channels, height, skewedWidth);
  }

  /** The inverse of {@link #skew}: {@code [B, C, H, W + H - 1]} to {@code [B, C, H, W]}, row i read from column i. */
  static SDVariable unskew(SameDiff sd, SDVariable y, long channels, long height, long width) {
    long skewedWidth = width + height - 1;
    SDVariable flat = sd.nn.pad(y.reshape(-1, channels, height * skewedWidth), sd.constant(Nd4j.createFromArray(
        new long[][] {{0, 0}, {0, 0}, {0, height}})), 0.0);
    return flat.reshape(-1, channels, height, skewedWidth + 1)
        .get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(0L, width));
  }

  /**
   * {@code [B, C, H, W]} with the columns in reverse order: the rows times a constant {@code W x W}
   * anti-diagonal permutation. SameDiff's reverse is not run by the trainer's planned executor, and gather's
   * gradient fails to build when a graph has two (Gather.doDiff builds a control-flow loop whose namespace
   * clashes); the product costs {@code W} multiply-adds per value.
   */
  private static SDVariable mirror(SameDiff sd, SDVariable x, long channels, int height, int width) {
    String name = SCOPE + "/mirror" + width;
    SDVariable flip;
    if (sd.hasVariable(name)) {
      flip = sd.getVariable(name);
    } else {
      INDArray matrix = Nd4j.zeros(DataType.FLOAT, width, width);
      for (int c = 0; c < width; c++) {
        matrix.putScalar(c, width - 1 - c, 1f);
      }
      flip = sd.constant(name, matrix);
    }
    return x.reshape(-1, width).mmul(flip).reshape(-1, channels, height, width);
  }

  /** A stride-1 convolution config that keeps the size for odd kernels (padding {@code k / 2}), NCHW. */
  private static Conv2DConfig same(int kernelHeight, int kernelWidth) {
    return Conv2DConfig.builder().kH(kernelHeight).kW(kernelWidth).sH(1).sW(1).pH(kernelHeight / 2)
        .pW(kernelWidth / 2).dataFormat(Conv2DConfig.NCHW).build();
  }

  private static SDVariable constant(SameDiff sd, String name, INDArray value) {
    return sd.hasVariable(name) ? sd.getVariable(name) : sd.constant(name, value);
  }

  private static SDVariable mask(SameDiff sd, String name, int height, int width, long in, long out,
      BiPredicate<Integer, Integer> keep) {
    return mask(sd, name, height, width, in, out, keep, (i, o) -> true);
  }

  /**
   * A constant {@code [height, width, in, out]} mask, 1 where {@code keep} accepts the kernel position and
   * {@code connect} the (input, output) channel pair.
   */
  private static SDVariable mask(SameDiff sd, String name, int height, int width, long in, long out,
      BiPredicate<Integer, Integer> keep, BiPredicate<Long, Long> connect) {
    INDArray mask = Nd4j.zeros(DataType.FLOAT, height, width, in, out);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        if (!keep.test(r, c)) {
          continue;
        }
        for (long i = 0; i < in; i++) {
          for (long o = 0; o < out; o++) {
            if (connect.test(i, o)) {
              mask.putScalar(new long[] {r, c, i, o}, 1f);
            }
          }
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
    return 0;
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
      throw new IllegalStateException("pixelrnn has not been built yet");
    }
    return pixels;
  }
}
