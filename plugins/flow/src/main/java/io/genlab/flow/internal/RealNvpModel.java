package io.genlab.flow.internal;

import io.genlab.nn.Layers;
import io.genlab.nn.Init;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.flow.FlowModel;
import io.genlab.flow.RealNvpConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RealNVP on vectors or discrete images, as {@link FlowModel} describes. Images (L = config levels, 256 for
 * 8-bit): k = round((L - 1) x), y = (k + u) / L with u ~ U[0, 1)^D from the noise input, then the flow (its first step the logit transform,
 * when configured); log_likelihood = log N(z; 0, I) + log|det dz/dy|, the log-density of y.
 */
public final class RealNvpModel implements Model, FlowModel {
  private final RealNvpConfig config;
  private final DataType type;
  private DataInfo data;
  private FlowNetwork flow;

  public RealNvpModel(RealNvpConfig config) {
    this(config, DataType.FLOAT);
  }

  /** A model whose whole graph computes in {@code type} (double for finite-difference checks). */
  RealNvpModel(RealNvpConfig config, DataType type) {
    this.config = config;
    this.type = type;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    data = context.data();
    long[] shape = data.exampleShape();
    check(data, config);
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
    Double alpha = logitAlpha();
    flow = FlowNetwork.create(parameters, shape, config, alpha == null ? 0 : alpha);
    FlowNetwork.Encoding encoding = flow.forward(y);
    SDVariable z = encoding.z();
    double d = flow.dimensions();
    SDVariable logBase = z.mul(z).sum(1).mul(-0.5).sub(0.5 * d * Math.log(2 * Math.PI));
    SDVariable logLikelihood = sd.identity(LOG_LIKELIHOOD, logBase.add(encoding.logDet()));
    graph.output(LOG_LIKELIHOOD, logLikelihood).output(Z, sd.identity(Z, z))
        .output(DEQUANTIZED, sd.identity(DEQUANTIZED, y))
        .parameters(ModelGraph.DEFAULT_GROUP, parameters.parameters());

    SDVariable sampleZ = FlowPlaceholders.placeholder(parameters, SAMPLE_Z, new long[] {(long) d});
    SDVariable sampleX = sd.identity(SAMPLE_X, flow.inverse(sampleZ));
    graph.output(SAMPLE_X, sampleX)
        .output(SAMPLE_OUTPUT, sd.identity(SAMPLE_OUTPUT, sd.math.clipByValue(sampleX, data.low(), data.high())));
    return graph.build();
  }

  /** Refuses data a flow cannot model, naming what it needs. */
  static void check(DataInfo data, RealNvpConfig config) {
    long[] shape = data.exampleShape();
    if (data.binary()) {
      throw new ConfigException("model", "realnvp needs continuous or 8-bit data it can dequantise; binary data "
          + "have no density (set training.binarize: none)");
    }
    if (shape.length == 3) {
      if (data.low() != 0 || data.high() != 1) {
        throw new ConfigException("model", "realnvp dequantises images with values k/(levels-1) in [0, 1], found "
            + "the range [" + data.low() + ", " + data.high() + "]");
      }
      long factor = 1L << config.scales();
      if (shape[1] % factor != 0 || shape[2] % factor != 0) {
        throw new ConfigException("model.config.scales", "realnvp halves height and width once per scale: "
            + config.scales() + " scales need them divisible by " + factor + ", found " + shape[1] + "x" + shape[2]);
      }
    } else if (shape.length != 1) {
      throw new ConfigException("model", "realnvp needs vectors [d] or images [channels, height, width], found "
          + "examples shaped " + Arrays.toString(shape));
    }
  }

  /**
   * Glow's data-dependent initialisation, layer by layer: each actnorm's input is computed on the first
   * batch with the layers before it already initialised, then its bias and scale are set.
   */
  @Override
  public void initializeFromData(DataInitContext context) {
    requireBuilt();
    for (Actnorm actnorm : flow.actnorms()) {
      String input = actnorm.trainingInput().name();
      INDArray value = context.model().run(context.feeds(), List.of(input)).get(input);
      actnorm.initialize(value, context.parameter(actnorm.biasName()), context.parameter(actnorm.logScaleName()));
    }
  }

  /** The names of each actnorm's training-graph input, bias and log-scale, in data order (for tests). */
  List<Map<String, String>> actnormVariables() {
    requireBuilt();
    return flow.actnorms().stream().map(a -> Map.of("input", a.trainingInput().name(), "bias", a.biasName(),
        "logScale", a.logScaleName())).toList();
  }

  /** The names of the invertible 1x1 convolutions' weight matrices, in data order (for tests). */
  List<String> mixingWeights() {
    requireBuilt();
    return flow.mixings().stream().map(ChannelMixing::weightName).toList();
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
    return dequantized() ? config.effectiveLogitAlpha() : null;
  }

  private void requireBuilt() {
    if (data == null) {
      throw new IllegalStateException("realnvp has not been built yet");
    }
  }
}
