package io.genlab.nn;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.RandomSource;
import io.genlab.api.RunningAverage;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds layers into a SameDiff graph under a name scope and records their trainable variables.
 *
 * <p>Each layer's weights are drawn from {@code init.derive(variableName)}, so adding a layer never
 * changes another layer's initial weights. Layers can be applied again to other inputs with the
 * {@code apply*} methods, sharing weights (a VAE's decoder runs on the posterior sample and on a
 * prior placeholder). Images are NCHW. Not thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Layers {
  private static final double BATCH_NORM_EPSILON = 1e-5;
  private static final double BATCH_NORM_MOMENTUM = 0.1;
  /** PyTorch's GroupNorm default. */
  private static final double GROUP_NORM_EPSILON = 1e-5;
  private final SameDiff sd;
  private final RandomSource init;
  private final Init scheme;
  private final List<String> parameters = new ArrayList<>();
  private final List<RunningAverage> runningAverages = new ArrayList<>();

  /**
   * Creates a layer builder.
   *
   * @param sd the graph to add to
   * @param init the source of initial weights
   * @param scheme the initialisation scheme of every layer built here
   */
  public Layers(SameDiff sd, RandomSource init, Init scheme) {
    this.sd = sd;
    this.init = init;
    this.scheme = scheme;
  }

  /** The graph. */
  public SameDiff sameDiff() {
    return sd;
  }

  /** The names of every trainable variable created so far, in creation order. */
  public List<String> parameters() {
    return List.copyOf(parameters);
  }

  /**
   * The running averages of every {@link #batchNorm} created so far, for
   * {@link io.genlab.api.ModelGraph.Builder#runningAverages}.
   */
  public List<RunningAverage> runningAverages() {
    return List.copyOf(runningAverages);
  }

  /**
   * Batch normalisation in training mode, built from primitives (SameDiff's own op has no gradient):
   * normalises {@code x} with its batch mean and (biased) variance over every axis but the channel
   * axis 1, then scales and shifts by the trainable {@code name/gamma} (1) and {@code name/beta} (0).
   * Creates the running statistics {@code name/running_mean} (0) and {@code name/running_var} (1),
   * which the trainer updates after each step of {@code group} with momentum 0.1, as PyTorch does.
   *
   * @param x {@code [n, channels]} or {@code [n, channels, h, w]}
   * @param rank the rank of {@code x}, 2 or 4
   * @param group the parameter group the layer belongs to
   */
  public SDVariable batchNorm(String name, SDVariable x, long channels, int rank, String group) {
    long[] shape = statisticShape(channels, rank);
    variable(name + "/gamma", Nd4j.ones(DataType.FLOAT, shape));
    variable(name + "/beta", Nd4j.zeros(DataType.FLOAT, shape));
    state(name + "/running_mean", Nd4j.zeros(DataType.FLOAT, shape));
    state(name + "/running_var", Nd4j.ones(DataType.FLOAT, shape));
    BatchStatistics statistics = batchStatistics(x, rank);
    runningAverages.add(new RunningAverage(name + "/running_mean", statistics.mean(), group, BATCH_NORM_MOMENTUM));
    runningAverages.add(new RunningAverage(name + "/running_var", statistics.variance(), group, BATCH_NORM_MOMENTUM));
    return normalised(name, statistics.centred(), statistics.variance());
  }

  /**
   * Applies an existing {@link #batchNorm} in training mode to another input (its own batch statistics,
   * shared scale and shift), without running averages: a discriminator seeing real and generated
   * batches separately, as PyTorch's does.
   */
  public SDVariable applyBatchNorm(String name, SDVariable x, int rank) {
    BatchStatistics statistics = batchStatistics(x, rank);
    return normalised(name, statistics.centred(), statistics.variance());
  }

  /** A batch's mean and biased variance over every axis but the channel axis, and the centred input. */
  private record BatchStatistics(SDVariable mean, SDVariable centred, SDVariable variance) {}

  private static BatchStatistics batchStatistics(SDVariable x, int rank) {
    statisticShape(1, rank);
    int[] axes = rank == 2 ? new int[] {0} : new int[] {0, 2, 3};
    SDVariable mean = x.mean(true, axes);
    SDVariable centred = x.sub(mean);
    return new BatchStatistics(mean, centred, centred.mul(centred).mean(true, axes));
  }

  /** Applies an existing {@link #batchNorm} in inference mode: normalises with its running statistics. */
  public SDVariable applyBatchNormInference(String name, SDVariable x) {
    SDVariable centred = x.sub(sd.getVariable(name + "/running_mean"));
    return normalised(name, centred, sd.getVariable(name + "/running_var"));
  }

  private SDVariable normalised(String name, SDVariable centred, SDVariable variance) {
    SDVariable scale = sd.math.rsqrt(variance.add(BATCH_NORM_EPSILON)).mul(sd.getVariable(name + "/gamma"));
    return centred.mul(scale).add(sd.getVariable(name + "/beta"));
  }

  /**
   * Group normalisation, built from primitives: splits the channels of NCHW input {@code x} into
   * {@code groups} groups of {@code channels / groups} consecutive channels, normalises each group of
   * each example with its own mean and biased variance over those channels and all of H and W (epsilon
   * 1e-5, as PyTorch's GroupNorm), then scales and shifts each channel by the trainable
   * {@code name/gamma} (1) and {@code name/beta} (0), both {@code [1, channels, 1, 1]}.
   *
   * <p>The batch size, height and width are read from {@code x}'s shape when the graph runs, so the
   * layer works for any input size. Unlike batch norm it needs no running statistics: training and
   * inference compute the same thing. With {@code groups == 1} it is layer norm over (C, H, W) with a
   * per-channel affine map, with {@code groups == channels} instance norm.
   *
   * @param x {@code [n, channels, h, w]}
   * @throws IllegalArgumentException if {@code groups} is not positive or does not divide
   *     {@code channels}, or a variable of the layer's name already exists
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public SDVariable groupNorm(String name, SDVariable x, long channels, int groups) {
    requireGroups(name, channels, groups);
    variable(name + "/gamma", Nd4j.ones(DataType.FLOAT, 1, channels, 1, 1));
    variable(name + "/beta", Nd4j.zeros(DataType.FLOAT, 1, channels, 1, 1));
    return applyGroupNorm(name, x, groups);
  }

  /**
   * Applies an existing {@link #groupNorm} to another input, sharing its scale and shift; {@code name}
   * may name any scale and shift of the right shape, e.g. moving-average copies under another scope.
   *
   * @throws IllegalArgumentException if {@code name/gamma} or {@code name/beta} does not exist, or
   *     {@code groups} does not divide their channel count
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public SDVariable applyGroupNorm(String name, SDVariable x, int groups) {
    if (!sd.hasVariable(name + "/gamma") || !sd.hasVariable(name + "/beta")) {
      throw new IllegalArgumentException("group norm '" + name + "' has no gamma and beta in the graph; create it first");
    }
    SDVariable gamma = sd.getVariable(name + "/gamma");
    long[] affine = gamma.getShape();
    if (affine == null || affine.length != 4) {
      throw new IllegalArgumentException("group norm '" + name + "': gamma must be [1, channels, 1, 1]");
    }
    requireGroups(name, affine[1], groups);
    // Shapes of intermediate variables are unknown while the graph is built, so the grouped shape
    // [n, groups, channels / groups * h * w] is assembled from x's runtime shape when it runs.
    SDVariable shape = sd.shape(x);
    SDVariable grouped = sd.concat(0, sd.slice(shape, new int[] {0}, new int[] {1}),
        sd.constant(Nd4j.createFromArray((long) groups, -1L)));
    SDVariable g = sd.reshape(x, grouped);
    SDVariable centred = g.sub(g.mean(true, 2));
    SDVariable variance = centred.mul(centred).mean(true, 2);
    SDVariable inverse = expand(sd.math.rsqrt(variance.add(GROUP_NORM_EPSILON)), centred);
    SDVariable normalised = sd.reshape(centred.mul(inverse), shape);
    return normalised.mul(expand(gamma, normalised)).add(sd.getVariable(name + "/beta"));
  }

  /**
   * {@code small} broadcast to {@code like}'s shape, for a product that is then cheap to differentiate.
   * ND4J's multiply_bp tiles both operands to the full shape when their shapes differ: a
   * [64, 32, 28, 28] by [1, 32, 1, 1] product took 40 ms to differentiate against 1 ms for equal
   * shapes, while add_bp just sums the gradient over the broadcast axes. Measured on the DDPM U-Net
   * (batch 64, 28x28, 1 thread): a forward and backward pass took 1.7 s instead of 2.2 s.
   */
  private SDVariable expand(SDVariable small, SDVariable like) {
    return small.add(sd.zerosLike(like));
  }

  private static void requireGroups(String name, long channels, int groups) {
    if (groups <= 0) {
      throw new IllegalArgumentException("group norm '" + name + "': groups must be positive, got " + groups);
    }
    if (channels <= 0 || channels % groups != 0) {
      throw new IllegalArgumentException("group norm '" + name + "': " + groups
          + " groups do not divide " + channels + " channels");
    }
  }

  private static long[] statisticShape(long channels, int rank) {
    if (rank == 2) {
      return new long[] {1, channels};
    } else if (rank == 4) {
      return new long[] {1, channels, 1, 1};
    }
    throw new IllegalArgumentException("batch norm takes inputs of rank 2 or 4, found " + rank);
  }

  /** A fully connected layer {@code x W + b} followed by {@code activation}; creates {@code name/W} and {@code name/b}. */
  public SDVariable dense(String name, SDVariable x, long in, long out, Activation activation) {
    variable(name + "/W", scheme.weights(init.derive(name + "/W"), in, out, in, out));
    variable(name + "/b", scheme.biases(init.derive(name + "/b"), in, out));
    return applyDense(name, x, activation);
  }

  /** Applies an existing dense layer named {@code name} to another input, sharing its weights. */
  public SDVariable applyDense(String name, SDVariable x, Activation activation) {
    SDVariable y = x.mmul(sd.getVariable(name + "/W")).add(sd.getVariable(name + "/b"));
    return activation.apply(sd, y);
  }

  /**
   * A 2-D convolution over NCHW input (weights {@code [k, k, in, out]}) followed by {@code activation}.
   */
  public SDVariable conv2d(
      String name, SDVariable x, long in, long out, int kernel, int stride, int padding, Activation activation) {
    long fanIn = in * kernel * kernel;
    variable(name + "/W", scheme.weights(init.derive(name + "/W"), fanIn, out * kernel * kernel,
        kernel, kernel, in, out));
    variable(name + "/b", scheme.biases(init.derive(name + "/b"), fanIn, out));
    return applyConv2d(name, x, kernel, stride, padding, activation);
  }

  /** Applies an existing convolution to another input, sharing its weights. */
  public SDVariable applyConv2d(
      String name, SDVariable x, int kernel, int stride, int padding, Activation activation) {
    Conv2DConfig config = Conv2DConfig.builder()
        .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
        .dataFormat(Conv2DConfig.NCHW).build();
    SDVariable y = sd.cnn.conv2d(x, sd.getVariable(name + "/W"), sd.getVariable(name + "/b"), config);
    return activation.apply(sd, y);
  }

  /**
   * A transposed 2-D convolution over NCHW input (weights {@code [k, k, out, in]}); the output side
   * is {@code stride * (side - 1) + kernel - 2 * padding}.
   */
  public SDVariable deconv2d(
      String name, SDVariable x, long in, long out, int kernel, int stride, int padding, Activation activation) {
    // PyTorch's ConvTranspose2d computes its fan-in from weight.size(1) * k * k = out * k * k.
    long fanIn = out * kernel * kernel;
    variable(name + "/W", scheme.weights(init.derive(name + "/W"), fanIn, in * kernel * kernel,
        kernel, kernel, out, in));
    variable(name + "/b", scheme.biases(init.derive(name + "/b"), fanIn, out));
    return applyDeconv2d(name, x, kernel, stride, padding, activation);
  }

  /** Applies an existing transposed convolution to another input, sharing its weights. */
  public SDVariable applyDeconv2d(
      String name, SDVariable x, int kernel, int stride, int padding, Activation activation) {
    DeConv2DConfig config = DeConv2DConfig.builder()
        .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
        .isSameMode(false).dataFormat("NCHW").build();
    SDVariable y = sd.cnn.deconv2d(x, sd.getVariable(name + "/W"), sd.getVariable(name + "/b"), config);
    return activation.apply(sd, y);
  }

  /** A multi-layer perceptron: {@code activation} after every hidden layer, {@code output} after the last. */
  public SDVariable mlp(
      String name, SDVariable x, long in, List<Integer> hidden, long out, Activation activation, Activation output) {
    SDVariable h = x;
    long width = in;
    for (int i = 0; i < hidden.size(); i++) {
      h = dense(name + "/fc" + i, h, width, hidden.get(i), activation);
      width = hidden.get(i);
    }
    return dense(name + "/out", h, width, out, output);
  }

  /** Applies an existing {@link #mlp} to another input, sharing its weights. */
  public SDVariable applyMlp(String name, SDVariable x, int hiddenLayers, Activation activation, Activation output) {
    SDVariable h = x;
    for (int i = 0; i < hiddenLayers; i++) {
      h = applyDense(name + "/fc" + i, h, activation);
    }
    return applyDense(name + "/out", h, output);
  }

  private void state(String name, org.nd4j.linalg.api.ndarray.INDArray value) {
    if (sd.hasVariable(name)) {
      throw new IllegalArgumentException("a variable named '" + name + "' already exists in the graph");
    }
    sd.var(name, value);
  }

  private void variable(String name, org.nd4j.linalg.api.ndarray.INDArray value) {
    if (sd.hasVariable(name)) {
      throw new IllegalArgumentException("a variable named '" + name + "' already exists in the graph");
    }
    sd.var(name, value);
    parameters.add(name);
  }
}
