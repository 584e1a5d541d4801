package io.genlab.diffusion.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.RunningAverage;
import io.genlab.diffusion.DiffusionConfig;
import io.genlab.diffusion.DiffusionModel;
import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.Prediction;
import io.genlab.nn.GraphOps;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A denoising diffusion model: the training graph noises a data batch to a uniformly drawn timestep in
 * closed form, x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, and runs the denoiser on it; the
 * sampling graph runs the same denoiser (or its weights' moving average) on placeholders, as
 * {@link DiffusionModel} describes.
 *
 * <p>Noise inputs: {@code diffusion/eps} (N(0, I) per example), {@code diffusion/t} (U[0, 1), mapped
 * to the index floor(u T)) and, for conditional models, {@code diffusion/label_drop} (U[0, 1), the
 * label is dropped when below {@code labelDropout}). Outputs: {@code prediction}, {@code target}.
 */
public final class DdpmModel implements Model, DiffusionModel {
  static final String SCOPE = "denoiser";
  static final String EMA_PREFIX = "ema/";
  private final String name;
  private final DiffusionConfig config;
  private final NoiseSchedule schedule;
  private final BiFunction<DataInfo, Integer, Denoiser> network;
  private DataInfo data;

  /**
   * Creates the model.
   *
   * @param name the component name, for error messages
   * @param network the denoiser for the data and the number of classes (0: unconditional); throws a
   *     {@link ConfigException} when it cannot handle the data
   */
  public DdpmModel(String name, DiffusionConfig config, BiFunction<DataInfo, Integer, Denoiser> network) {
    this.name = name;
    this.config = config;
    this.schedule = config.noiseSchedule();
    this.network = network;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    data = context.data();
    if (config.conditional() && !data.labelled()) {
      throw new ConfigException("diffusion.conditional", name + " is conditional but the data have no labels; "
          + "set conditional: false or use labelled data");
    }
    int classes = numClasses();
    Denoiser denoiser = network.apply(data, classes);
    SameDiff sd = context.sameDiff();
    long[] shape = data.exampleShape();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable eps = sd.placeHolder("diffusion/eps", DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable u = sd.placeHolder("diffusion/t", DataType.FLOAT, -1L, 1L);
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, shape)
        .noise(new NoiseInput("diffusion/eps", shape, NoiseInput.Distribution.STANDARD_NORMAL))
        .noise(new NoiseInput("diffusion/t", new long[] {1}, NoiseInput.Distribution.UNIFORM));

    SDVariable x0 = toModelSpace(sd, x);
    int timesteps = schedule.timesteps();
    // u < 1, so floor(u T) lies in [0, T): the uniform timestep of the simplified objective.
    SDVariable index = sd.math.floor(u.mul((double) timesteps)).reshape(-1).castTo(DataType.INT);
    SDVariable signal = lookup(sd, "diffusion/sqrt_alpha_bar", schedule.sqrtAlphaBars(), index, shape.length);
    SDVariable noise = lookup(sd, "diffusion/sqrt_one_minus_alpha_bar", schedule.sqrtOneMinusAlphaBars(), index,
        shape.length);
    SDVariable xt = x0.mul(signal).add(eps.mul(noise));
    SDVariable labels = null;
    if (classes > 0) {
      SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1L, classes);
      SDVariable drop = sd.placeHolder("diffusion/label_drop", DataType.FLOAT, -1L, 1L);
      graph.labelInput(y).noise(new NoiseInput("diffusion/label_drop", new long[] {1}, NoiseInput.Distribution.UNIFORM));
      // A dropped label is the zero vector, the "no label" input guidance contrasts with.
      labels = y.mul(drop.gte(config.labelDropout()).castTo(DataType.FLOAT));
    }
    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);
    SDVariable prediction = denoiser.build(layers, SCOPE, true, xt, index.castTo(DataType.FLOAT), labels);
    SDVariable target = switch (config.prediction()) {
      case EPS -> eps;
      case X0 -> x0;
      case V -> eps.mul(signal).sub(x0.mul(noise));
    };
    List<String> parameters = layers.parameters();
    graph.output("prediction", prediction).output("target", target).parameters(ModelGraph.DEFAULT_GROUP, parameters);

    String samplingScope = SCOPE;
    if (samplesWithMovingAverage()) {
      List<RunningAverage> averages = new ArrayList<>();
      for (String p : parameters) {
        sd.var(EMA_PREFIX + p, sd.getArrForVarName(p).dup());
        averages.add(new RunningAverage(EMA_PREFIX + p, sd.getVariable(p), ModelGraph.DEFAULT_GROUP,
            1 - config.emaDecay(), true));
      }
      graph.runningAverages(averages);
      samplingScope = EMA_PREFIX + SCOPE;
    }
    SDVariable sampleX = sd.placeHolder(SAMPLE_X, DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable sampleT = sd.placeHolder(SAMPLE_T, DataType.FLOAT, -1L);
    SDVariable sampleLabels = classes > 0 ? sd.placeHolder(SAMPLE_LABELS, DataType.FLOAT, -1L, classes) : null;
    graph.output(SAMPLE_OUTPUT, denoiser.build(layers, samplingScope, false, sampleX, sampleT, sampleLabels));
    return graph.build();
  }

  /** {@code table[index]} as a float constant lookup, shaped {@code [B, 1, ...]} to broadcast over an example. */
  private static SDVariable lookup(SameDiff sd, String name, float[] table, SDVariable index, int exampleRank) {
    SDVariable values = sd.constant(name, Nd4j.createFromArray(table));
    long[] shape = new long[exampleRank + 1];
    java.util.Arrays.fill(shape, 1);
    shape[0] = -1;
    return sd.gather(values, index, 0).reshape(shape);
  }


  /** Model space is {@code scale * x - offset}: images map [low, high] to [-1, 1]; vectors stay as they are. */
  private double scale() {
    return data.isImage() ? 2.0 / (data.high() - data.low()) : 1.0;
  }

  private double offset() {
    return data.isImage() ? (data.high() + data.low()) / (data.high() - data.low()) : 0.0;
  }

  private SDVariable toModelSpace(SameDiff sd, SDVariable x) {
    return data.isImage() ? x.mul(scale()).sub(offset()) : x;
  }

  @Override
  public INDArray toModelSpace(INDArray values) {
    requireBuilt();
    return values.mul(scale()).subi(offset());
  }

  @Override
  public INDArray toDataSpace(INDArray values) {
    requireBuilt();
    INDArray out = values.add(offset()).divi(scale());
    return Transforms.max(Transforms.min(out, data.high(), false), data.low(), false);
  }

  @Override
  public Optional<double[]> modelRange() {
    requireBuilt();
    return data.isImage() ? Optional.of(new double[] {-1, 1}) : Optional.empty();
  }

  @Override
  public NoiseSchedule schedule() {
    return schedule;
  }

  @Override
  public Prediction prediction() {
    return config.prediction();
  }

  @Override
  public int numClasses() {
    requireBuilt();
    return config.conditional() ? data.numClasses() : 0;
  }

  @Override
  public boolean conditional() {
    return config.conditional();
  }

  @Override
  public boolean samplesWithMovingAverage() {
    return config.emaDecay() > 0;
  }

  private void requireBuilt() {
    if (data == null) {
      throw new IllegalStateException(name + " has not been built yet");
    }
  }
}
