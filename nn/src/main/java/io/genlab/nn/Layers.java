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
 * Builds layers into a SameDiff graph and records their trainable variables: the one way every plugin builds
 * dense, convolutional, masked and normalisation layers.
 *
 * <p>A layer named {@code name} owns the variables {@code name/W} and {@code name/b} ({@code name/gamma},
 * {@code name/beta} for normalisations), and each is drawn from {@code init.derive(variableName)} with this
 * builder's {@link Init} scheme, so adding a layer never changes another layer's initial weights. Views share
 * the graph and the record of variables: {@link #scope} prefixes names ({@code scope/name/W}), {@link #reusing}
 * applies layers built before under the same names instead of creating them (the same network on another
 * input: a VAE's decoder on a prior placeholder, a denoiser's sampling graph), and {@link #createOrReuse}
 * creates a layer the first time its name is used and applies it afterwards (a flow's forward and inverse
 * passes built from one description). The {@code apply*} methods apply an existing layer in any view. Images
 * are NCHW. Not thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Layers {
  private static final double BATCH_NORM_EPSILON = 1e-5;
  private static final double BATCH_NORM_MOMENTUM = 0.1;
  /** PyTorch's GroupNorm default. */
  private static final double GROUP_NORM_EPSILON = 1e-5;

  /** What a layer method does with a layer's variables. */
  private enum Weights {
    /** Creates them; a variable of the same name is an error (a name used twice by mistake). */
    CREATE,
    /** Applies the existing ones; a missing one is an error naming the layer. */
    REUSE,
    /** Creates them the first time the name is used, applies them afterwards. */
    CREATE_OR_REUSE
  }

  /** What every view of one builder shares: the record of trainable variables and running averages. */
  private static final class Record {
    final List<String> parameters = new ArrayList<>();
    final List<RunningAverage> runningAverages = new ArrayList<>();
  }

  private final SameDiff sd;
  private final RandomSource init;
  private final Init scheme;
  private final DataType type;
  private final String prefix;
  private final Weights weights;
  private final Record record;

  /**
   * Creates a layer builder of 32-bit floats.
   *
   * @param sd the graph to add to
   * @param init the source of initial weights
   * @param scheme the initialisation scheme of every layer built here
   */
  public Layers(SameDiff sd, RandomSource init, Init scheme) {
    this(sd, init, scheme, DataType.FLOAT);
  }

  /**
   * Creates a layer builder whose variables have data type {@code type}: a whole graph in double precision for
   * finite-difference checks (SameDiff's {@code convertDataTypes} does not update intermediate results).
   *
   * @param type {@code FLOAT} or {@code DOUBLE}
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public Layers(SameDiff sd, RandomSource init, Init scheme, DataType type) {
    this(sd, init, scheme, type, "", Weights.CREATE, new Record());
  }

  private Layers(SameDiff sd, RandomSource init, Init scheme, DataType type, String prefix, Weights weights,
      Record record) {
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      throw new IllegalArgumentException("layers are built in FLOAT or DOUBLE, found " + type);
    }
    this.sd = sd;
    this.init = init;
    this.scheme = scheme;
    this.type = type;
    this.prefix = prefix;
    this.weights = weights;
    this.record = record;
  }

  /**
   * A view whose layer names start with {@code scope/} (nested scopes join with {@code /}); it shares the
   * graph, the record of variables and the way weights are treated.
   *
   * @throws IllegalArgumentException if {@code scope} is empty or holds {@code /} at either end
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public Layers scope(String scope) {
    if (scope == null || scope.isEmpty() || scope.startsWith("/") || scope.endsWith("/")) {
      throw new IllegalArgumentException("a scope must be a non-empty name without a leading or trailing '/', "
          + "found '" + scope + "'");
    }
    return new Layers(sd, init, scheme, type, name(scope), weights, record);
  }

  /**
   * A view whose layer methods apply the layers already built under the same names instead of creating them:
   * the same network on another input, sharing its weights.
   *
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public Layers reusing() {
    return new Layers(sd, init, scheme, type, prefix, Weights.REUSE, record);
  }

  /**
   * A view whose layer methods create a layer the first time its name is used and apply it afterwards.
   *
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public Layers createOrReuse() {
    return new Layers(sd, init, scheme, type, prefix, Weights.CREATE_OR_REUSE, record);
  }

  /** Whether this view applies existing layers instead of creating them ({@link #reusing}). */
  @API(status = EXPERIMENTAL, since = "0.7")
  public boolean reuses() {
    return weights == Weights.REUSE;
  }

  /** The graph. */
  public SameDiff sameDiff() {
    return sd;
  }

  /** The data type of every variable built here. */
  @API(status = EXPERIMENTAL, since = "0.7")
  public DataType dataType() {
    return type;
  }

  /** The source of initial values for {@code purpose}: {@code init.derive(purpose)}, for hand-made variables. */
  @API(status = EXPERIMENTAL, since = "0.7")
  public RandomSource init(String purpose) {
    return init.derive(purpose);
  }

  /** The names of every trainable variable created so far (by this builder and its views), in creation order. */
  public List<String> parameters() {
    return List.copyOf(record.parameters);
  }

  /**
   * The running averages of every {@link #batchNorm} created so far, for
   * {@link io.genlab.api.ModelGraph.Builder#runningAverages}.
   */
  public List<RunningAverage> runningAverages() {
    return List.copyOf(record.runningAverages);
  }

  /**
   * A trainable variable named {@code name} (under this view's scope) starting at {@code value} (cast to this
   * builder's data type), recorded with the layers' variables; in a {@link #reusing} view the existing one, in
   * {@link #createOrReuse} the existing one when there is one.
   *
   * @throws IllegalArgumentException if it exists and this view creates, or is missing and this view reuses
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public SDVariable variable(String name, org.nd4j.linalg.api.ndarray.INDArray value) {
    return weight(name(name), () -> value);
  }

  /** A constant named {@code name} (under this view's scope), cast to this builder's data type. */
  @API(status = EXPERIMENTAL, since = "0.7")
  public SDVariable constant(String name, org.nd4j.linalg.api.ndarray.INDArray value) {
    return sd.constant(name(name), value.castTo(type));
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
    if (weights != Weights.CREATE) {
      throw new IllegalStateException("batch norm '" + name + "' is created once (it owns running averages); "
          + "apply it to other inputs with applyBatchNorm");
    }
    name = name(name);
    long[] shape = statisticShape(channels, rank);
    weight(name + "/gamma", () -> Nd4j.ones(DataType.FLOAT, shape));
    weight(name + "/beta", () -> Nd4j.zeros(DataType.FLOAT, shape));
    state(name + "/running_mean", Nd4j.zeros(type, shape));
    state(name + "/running_var", Nd4j.ones(type, shape));
    BatchStatistics statistics = batchStatistics(x, rank);
    record.runningAverages.add(new RunningAverage(name + "/running_mean", statistics.mean(), group,
        BATCH_NORM_MOMENTUM));
    record.runningAverages.add(new RunningAverage(name + "/running_var", statistics.variance(), group,
        BATCH_NORM_MOMENTUM));
    return normalised(name, statistics.centred(), statistics.variance());
  }

  /**
   * Applies an existing {@link #batchNorm} in training mode to another input (its own batch statistics,
   * shared scale and shift), without running averages: a discriminator seeing real and generated
   * batches separately, as PyTorch's does.
   */
  public SDVariable applyBatchNorm(String name, SDVariable x, int rank) {
    BatchStatistics statistics = batchStatistics(x, rank);
    return normalised(name(name), statistics.centred(), statistics.variance());
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
    name = name(name);
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
    requireGroups(name(name), channels, groups);
    weight(name(name) + "/gamma", () -> Nd4j.ones(DataType.FLOAT, 1, channels, 1, 1));
    weight(name(name) + "/beta", () -> Nd4j.zeros(DataType.FLOAT, 1, channels, 1, 1));
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
    name = name(name);
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
    String full = name(name);
    SDVariable w = weight(full + "/W", () -> scheme.weights(init.derive(full + "/W"), in, out, in, out));
    SDVariable b = weight(full + "/b", () -> scheme.biases(init.derive(full + "/b"), in, out));
    return activation.apply(sd, x.mmul(w).add(b));
  }

  /**
   * A fully connected layer whose weights are multiplied by {@code mask} first: {@code x (W * mask) + b}, or
   * without {@code b} when {@code bias} is false (MADE's and NADE's autoregressive connectivity). Creates (or,
   * as the view says, reuses) {@code name/W} and {@code name/b}.
   *
   * @param mask {@code [in, out]}, or {@code null} for none
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public SDVariable maskedDense(String name, SDVariable x, long in, long out, SDVariable mask, boolean bias) {
    String full = name(name);
    SDVariable w = weight(full + "/W", () -> scheme.weights(init.derive(full + "/W"), in, out, in, out));
    SDVariable y = x.mmul(mask == null ? w : w.mul(mask));
    return bias ? y.add(weight(full + "/b", () -> scheme.biases(init.derive(full + "/b"), in, out))) : y;
  }

  /** Applies an existing dense layer named {@code name} to another input, sharing its weights. */
  public SDVariable applyDense(String name, SDVariable x, Activation activation) {
    String full = name(name);
    SDVariable y = x.mmul(existing(full + "/W")).add(existing(full + "/b"));
    return activation.apply(sd, y);
  }

  /**
   * A 2-D convolution over NCHW input (weights {@code [k, k, in, out]}) followed by {@code activation}.
   */
  public SDVariable conv2d(
      String name, SDVariable x, long in, long out, int kernel, int stride, int padding, Activation activation) {
    String full = name(name);
    long fanIn = in * kernel * kernel;
    SDVariable w = weight(full + "/W", () -> scheme.weights(init.derive(full + "/W"), fanIn, out * kernel * kernel,
        kernel, kernel, in, out));
    SDVariable b = weight(full + "/b", () -> scheme.biases(init.derive(full + "/b"), fanIn, out));
    return activation.apply(sd, sd.cnn.conv2d(x, w, b, convolution(kernel, kernel, stride, padding, padding)));
  }

  /**
   * A stride-1 {@code kernelHeight x kernelWidth} convolution (both odd) that keeps the spatial size, its weights
   * {@code [kh, kw, in, out]} multiplied by {@code mask} of the same shape first (PixelCNN's and PixelRNN's
   * causal masks). Creates (or, as the view says, reuses) {@code name/W} and {@code name/b}.
   *
   * @param mask {@code [kh, kw, in, out]}, or {@code null} for none
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public SDVariable maskedConv2d(String name, SDVariable x, long in, long out, int kernelHeight, int kernelWidth,
      SDVariable mask) {
    String full = name(name);
    long area = (long) kernelHeight * kernelWidth;
    long fanIn = in * area;
    SDVariable w = weight(full + "/W", () -> scheme.weights(init.derive(full + "/W"), fanIn, out * area,
        kernelHeight, kernelWidth, in, out));
    SDVariable b = weight(full + "/b", () -> scheme.biases(init.derive(full + "/b"), fanIn, out));
    return sd.cnn.conv2d(x, mask == null ? w : w.mul(mask), b,
        convolution(kernelHeight, kernelWidth, 1, kernelHeight / 2, kernelWidth / 2));
  }

  /**
   * The weights {@code [kh, kw, in, out]} of a convolution applied by hand (a kernel applied many times, as in a
   * recurrence, masked once), initialised as {@link #conv2d}'s, times {@code mask} unless it is {@code null};
   * creates (or reuses) {@code name/W}.
   *
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public SDVariable convKernel(String name, long in, long out, int kernelHeight, int kernelWidth, SDVariable mask) {
    String full = name(name);
    long area = (long) kernelHeight * kernelWidth;
    SDVariable w = weight(full + "/W", () -> scheme.weights(init.derive(full + "/W"), in * area, out * area,
        kernelHeight, kernelWidth, in, out));
    return mask == null ? w : w.mul(mask);
  }

  /**
   * The bias {@code [out]} of a convolution applied by hand with fan-in {@code fanIn}, initialised as
   * {@link #conv2d}'s; creates (or reuses) {@code name/b}.
   *
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public SDVariable convBias(String name, long fanIn, long out) {
    String full = name(name);
    return weight(full + "/b", () -> scheme.biases(init.derive(full + "/b"), fanIn, out));
  }

  /** Applies an existing convolution to another input, sharing its weights. */
  public SDVariable applyConv2d(
      String name, SDVariable x, int kernel, int stride, int padding, Activation activation) {
    String full = name(name);
    SDVariable y = sd.cnn.conv2d(x, existing(full + "/W"), existing(full + "/b"),
        convolution(kernel, kernel, stride, padding, padding));
    return activation.apply(sd, y);
  }

  private static Conv2DConfig convolution(int kernelHeight, int kernelWidth, int stride, int padHeight,
      int padWidth) {
    return Conv2DConfig.builder().kH(kernelHeight).kW(kernelWidth).sH(stride).sW(stride).pH(padHeight)
        .pW(padWidth).dataFormat(Conv2DConfig.NCHW).build();
  }

  /**
   * A transposed 2-D convolution over NCHW input (weights {@code [k, k, out, in]}); the output side
   * is {@code stride * (side - 1) + kernel - 2 * padding}.
   */
  public SDVariable deconv2d(
      String name, SDVariable x, long in, long out, int kernel, int stride, int padding, Activation activation) {
    String full = name(name);
    // PyTorch's ConvTranspose2d computes its fan-in from weight.size(1) * k * k = out * k * k.
    long fanIn = out * kernel * kernel;
    SDVariable w = weight(full + "/W", () -> scheme.weights(init.derive(full + "/W"), fanIn, in * kernel * kernel,
        kernel, kernel, out, in));
    SDVariable b = weight(full + "/b", () -> scheme.biases(init.derive(full + "/b"), fanIn, out));
    return activation.apply(sd, sd.cnn.deconv2d(x, w, b, transposed(kernel, stride, padding)));
  }

  /** Applies an existing transposed convolution to another input, sharing its weights. */
  public SDVariable applyDeconv2d(
      String name, SDVariable x, int kernel, int stride, int padding, Activation activation) {
    String full = name(name);
    SDVariable y = sd.cnn.deconv2d(x, existing(full + "/W"), existing(full + "/b"),
        transposed(kernel, stride, padding));
    return activation.apply(sd, y);
  }

  private static DeConv2DConfig transposed(int kernel, int stride, int padding) {
    return DeConv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
        .isSameMode(false).dataFormat("NCHW").build();
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

  /**
   * The trainable variable {@code full} (already scoped) as this view treats weights: created from
   * {@code value} (cast to the data type) and recorded, or the existing one.
   */
  private SDVariable weight(String full, java.util.function.Supplier<org.nd4j.linalg.api.ndarray.INDArray> value) {
    boolean exists = sd.hasVariable(full);
    if (weights == Weights.REUSE || weights == Weights.CREATE_OR_REUSE && exists) {
      return existing(full);
    }
    if (exists) {
      throw new IllegalArgumentException("a variable named '" + full + "' already exists in the graph");
    }
    SDVariable created = sd.var(full, value.get().castTo(type));
    record.parameters.add(full);
    return created;
  }

  /** The existing variable {@code full} (a moving-average copy may be any kind); a missing one names its layer. */
  private SDVariable existing(String full) {
    if (!sd.hasVariable(full)) {
      String layer = full.contains("/") ? full.substring(0, full.lastIndexOf('/')) : full;
      throw new IllegalArgumentException("layer '" + layer + "' has no variable '" + full + "' in the graph; build "
          + "the layer before applying or reusing it");
    }
    return sd.getVariable(full);
  }

  /** {@code name} under this view's scope. */
  private String name(String name) {
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }
}
