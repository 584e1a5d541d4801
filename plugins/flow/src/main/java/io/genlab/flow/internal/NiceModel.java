package io.genlab.flow.internal;

import io.genlab.nn.Layers;
import io.genlab.nn.Init;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.RandomSource;
import io.genlab.flow.FlowModel;
import io.genlab.flow.NiceConfig;
import io.genlab.nn.GraphOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NICE (Dinh, Krueger and Bengio, 2014) on vectors or discrete images, as {@link FlowModel} describes.
 * Images (L = config levels) are dequantised like {@code realnvp}: y = (round((L - 1) x) + u) / L with
 * u ~ U[0, 1)^D, with no logit transform. The example is flattened and reordered once to [even indices,
 * odd indices] (a permutation, log-det 0), so that the paper's odd/even partition is two contiguous parts;
 * additive couplings alternate which part changes, then z = h exp(s). log_likelihood = log p(z) + sum(s)
 * with p the factorised logistic or Gaussian prior; z stays in the reordered layout.
 */
public final class NiceModel implements Model, FlowModel {
  private final NiceConfig config;
  private final DataType type;
  private DataInfo data;
  private DiagonalScaling scaling;

  public NiceModel(NiceConfig config) {
    this(config, DataType.FLOAT);
  }

  /** A model whose whole graph computes in {@code type} (double for finite-difference checks). */
  NiceModel(NiceConfig config, DataType type) {
    this.config = config;
    this.type = type;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    data = context.data();
    check(data);
    long[] shape = data.exampleShape();
    int d = data.exampleSize();
    SameDiff sd = context.sameDiff();
    Layers parameters = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT, type).createOrReuse();
    SDVariable x = FlowPlaceholders.placeholder(parameters, "x", shape);
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, shape);
    SDVariable y = x;
    if (dequantized()) {
      SDVariable u = FlowPlaceholders.placeholder(parameters, DEQUANTIZATION, shape);
      graph.noise(new NoiseInput(DEQUANTIZATION, shape, NoiseInput.Distribution.UNIFORM));
      y = sd.math.round(x.mul(config.levels() - 1.0)).add(u).div((double) config.levels());
    }
    int[] order = evenThenOdd(d);
    long split = (d + 1) / 2;
    List<FlowStep> steps = new ArrayList<>();
    for (int k = 0; k < config.couplings(); k++) {
      steps.add(new AdditiveCoupling(parameters, "nice/coupling" + k, d, split, k % 2 == 0, config.hiddenLayers(),
          config.hiddenUnits()));
    }
    scaling = new DiagonalScaling(parameters, "nice/scaling", d);
    steps.add(scaling);

    FlowStep.Flowing f = new FlowStep.Flowing(sd.gather(y.reshape(-1, d), order, 1), null);
    for (FlowStep step : steps) {
      f = step.forward(f);
    }
    SDVariable z = f.value();
    SDVariable logLikelihood = sd.identity(LOG_LIKELIHOOD, logPrior(sd, z, config.prior(), d).add(f.logDet()));
    graph.output(LOG_LIKELIHOOD, logLikelihood).output(Z, sd.identity(Z, z))
        .output(DEQUANTIZED, sd.identity(DEQUANTIZED, y))
        .parameters(ModelGraph.DEFAULT_GROUP, parameters.parameters());

    SDVariable h = FlowPlaceholders.placeholder(parameters, SAMPLE_Z, new long[] {d});
    for (int i = steps.size() - 1; i >= 0; i--) {
      h = steps.get(i).inverse(h);
    }
    SDVariable sampleX = sd.identity(SAMPLE_X, sd.gather(h, inverse(order), 1)
        .reshape(GraphOps.anyBatch(shape)));
    graph.output(SAMPLE_X, sampleX)
        .output(SAMPLE_OUTPUT, sd.identity(SAMPLE_OUTPUT, sd.math.clipByValue(sampleX, data.low(), data.high())));
    return graph.build();
  }

  /**
   * log p(z) per example, {@code [B]}, for z {@code [B, d]}: logistic -sum(|z| + 2 log(1 + exp(-|z|)))
   * (softplus(z) + softplus(-z) written so that no exp overflows), or Gaussian -sum(z^2)/2 - d log(2 pi)/2.
   */
  static SDVariable logPrior(SameDiff sd, SDVariable z, NiceConfig.Prior prior, long d) {
    if (prior == NiceConfig.Prior.GAUSSIAN) {
      return z.mul(z).sum(1).mul(-0.5).sub(0.5 * d * Math.log(2 * Math.PI));
    }
    SDVariable a = sd.math.abs(z);
    return a.add(sd.math.log1p(sd.math.exp(a.neg())).mul(2.0)).sum(1).neg();
  }

  /** Refuses data NICE cannot model, naming what it needs. */
  static void check(DataInfo data) {
    long[] shape = data.exampleShape();
    if (data.binary()) {
      throw new ConfigException("model", "nice needs continuous or 8-bit data it can dequantise; binary data "
          + "have no density (set training.binarize: none)");
    }
    if (shape.length == 3 && (data.low() != 0 || data.high() != 1)) {
      throw new ConfigException("model", "nice dequantises images with values k/(levels-1) in [0, 1], found "
          + "the range [" + data.low() + ", " + data.high() + "]");
    }
    if (shape.length != 1 && shape.length != 3) {
      throw new ConfigException("model", "nice needs vectors [d] or images [channels, height, width], found "
          + "examples shaped " + Arrays.toString(shape));
    }
    if (data.exampleSize() < 2) {
      throw new ConfigException("model", "nice splits each example into two non-empty halves and needs at least "
          + "2 values, found " + data.exampleSize());
    }
  }

  /** The indices 0, 2, 4, ... then 1, 3, 5, ...: the paper's even/odd partition as two contiguous parts. */
  static int[] evenThenOdd(int d) {
    int[] order = new int[d];
    int next = 0;
    for (int parity = 0; parity < 2; parity++) {
      for (int i = parity; i < d; i += 2) {
        order[next++] = i;
      }
    }
    return order;
  }

  private static int[] inverse(int[] order) {
    int[] inverse = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      inverse[order[i]] = i;
    }
    return inverse;
  }

  /** The name of the final scaling's log-scale variable (for tests). */
  String logScaleName() {
    requireBuilt();
    return scaling.logScaleName();
  }

  /** The configured prior. */
  NiceConfig.Prior prior() {
    return config.prior();
  }

  /**
   * Draws from the configured prior scaled by {@code temperature}: logistic z = log(u) - log(1 - u) with
   * u ~ U(0, 1) (kept off 0, where the logit is infinite), or N(0, T^2 I).
   */
  @Override
  public INDArray samplePrior(RandomSource random, int count, double temperature) {
    if (config.prior() == NiceConfig.Prior.GAUSSIAN) {
      return FlowModel.super.samplePrior(random, count, temperature);
    }
    int d = dimensions();
    float[] u = new float[count * d];
    random.fillUniform(u);
    double[] z = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      double v = Math.max(u[i], 1e-7);
      z[i] = temperature * (Math.log(v) - Math.log1p(-v));
    }
    return Nd4j.createFromArray(z).castTo(DataType.FLOAT).reshape(count, d);
  }

  @Override
  public int dimensions() {
    requireBuilt();
    return data.exampleSize();
  }

  @Override
  public boolean dequantized() {
    requireBuilt();
    return data.isImage();
  }

  @Override
  public int levels() {
    return dequantized() ? config.levels() : 0;
  }

  @Override
  public Double logitAlpha() {
    requireBuilt();
    return null;
  }

  private void requireBuilt() {
    if (data == null) {
      throw new IllegalStateException("nice has not been built yet");
    }
  }
}
