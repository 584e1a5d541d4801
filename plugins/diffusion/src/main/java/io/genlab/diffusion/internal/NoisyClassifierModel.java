package io.genlab.diffusion.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.NoisyClassifier;
import io.genlab.diffusion.NoisyClassifierConfig;
import io.genlab.nn.Activation;
import io.genlab.nn.GraphOps;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import io.genlab.nn.Network;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A noise-aware classifier p(y | x_t, t): the training graph noises a labelled batch to a uniformly drawn
 * timestep exactly as {@link DdpmModel} does and outputs the logits ({@code logits}) of the noisy batch;
 * the classifying graph is the {@link NoisyClassifier} contract.
 *
 * <p>The network is a {@link Network} before and after the time embedding's entry point (a projection
 * added to the first layer's output), so that the input gradient is the two stacks' hand-written
 * vector-Jacobian products: the added embedding does not depend on x and passes the gradient unchanged.
 * Noise inputs: {@code classifier/eps} (N(0, I) per example), {@code classifier/t} (U[0, 1), mapped to the
 * index floor(u T)). Weights live under {@code classifier/}.
 */
public final class NoisyClassifierModel implements Model, NoisyClassifier {
  static final String SCOPE = "classifier";
  private final NoisyClassifierConfig config;
  private final NoiseSchedule schedule;
  private DataInfo data;

  public NoisyClassifierModel(NoisyClassifierConfig config) {
    this.config = config;
    this.schedule = config.process().noiseSchedule();
  }

  @Override
  public ModelGraph build(BuildContext context) {
    data = context.data();
    if (!data.labelled()) {
      throw new ConfigException("data", "noisy-classifier learns p(y | x_t) and needs labelled data; these data "
          + "have no labels");
    }
    long[] shape = data.exampleShape();
    if (shape.length != 1 && shape.length != 3) {
      throw new ConfigException("model", "noisy-classifier needs vectors [D] or images [C, H, W], found examples "
          + "shaped " + Arrays.toString(shape));
    }
    int classes = data.numClasses();
    Stacks stacks = shape.length == 1 ? vectorStacks(shape, classes) : imageStacks(shape, classes);

    SameDiff sd = context.sameDiff();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1L, classes);
    SDVariable eps = sd.placeHolder("classifier/eps", DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable u = sd.placeHolder("classifier/u", DataType.FLOAT, -1L, 1L);
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, shape).labelInput(y)
        .noise(new NoiseInput("classifier/eps", shape, NoiseInput.Distribution.STANDARD_NORMAL))
        .noise(new NoiseInput("classifier/u", new long[] {1}, NoiseInput.Distribution.UNIFORM));
    SDVariable x0 = data.isImage() ? x.mul(scale()).sub(offset()) : x;
    // u < 1, so floor(u T) lies in [0, T), as in DdpmModel's training graph.
    SDVariable index = sd.math.floor(u.mul((double) schedule.timesteps())).reshape(-1).castTo(DataType.INT);
    SDVariable xt = x0.mul(lookup(sd, "classifier/sqrt_alpha_bar", schedule.sqrtAlphaBars(), index, shape.length))
        .add(eps.mul(lookup(sd, "classifier/sqrt_one_minus_alpha_bar", schedule.sqrtOneMinusAlphaBars(), index,
            shape.length)));
    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);
    Pass training = stacks.pass(layers, true, xt, index.castTo(DataType.FLOAT));
    graph.output("logits", training.logits()).parameters(ModelGraph.DEFAULT_GROUP, layers.parameters());

    SDVariable sampleX = sd.placeHolder(X, DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable sampleT = sd.placeHolder(T, DataType.FLOAT, -1L);
    SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1L, classes);
    Pass pass = stacks.pass(layers, false, sampleX, sampleT);
    SDVariable logits = pass.logits();
    // log softmax with the maximum subtracted; d log p(y | x) / d logits = y - softmax(logits).
    SDVariable max = logits.max(true, 1);
    SDVariable logSumExp = sd.math.log(sd.math.exp(logits.sub(max)).sum(true, 1)).add(max);
    SDVariable logProbs = logits.sub(logSumExp);
    SDVariable outputGradient = labels.sub(sd.math.exp(logProbs));
    graph.output(LOGITS, sd.identity(LOGITS, logits))
        .output(LOG_PROB, sd.identity(LOG_PROB, labels.mul(logProbs).sum(1)))
        .output(GRADIENT, sd.identity(GRADIENT, pass.inputGradient(outputGradient)));
    return graph.build();
  }

  /** The network on one input: the logits and the means to build their input gradient. */
  private record Pass(Network.Forward trunk, Network.Forward head) {
    SDVariable logits() {
      return head.output();
    }

    SDVariable inputGradient(SDVariable logitsGradient) {
      return trunk.inputGradient(head.inputGradient(logitsGradient));
    }
  }

  /** The stacks before and after the time embedding enters, and the width it enters at. */
  private record Stacks(Network trunk, Network head, long width, boolean image, int embedding) {
    Pass pass(Layers layers, boolean create, SDVariable x, SDVariable t) {
      SameDiff sd = layers.sameDiff();
      Network.Forward trunkPass = create ? trunk.create(layers, x) : trunk.apply(sd, x);
      ScopedLayers scoped = new ScopedLayers(layers, SCOPE, create);
      SDVariable temb = scoped.dense("temb/proj", scoped.timeEmbedding(t, null, embedding, 0), embedding, width,
          Activation.IDENTITY);
      SDVariable h = trunkPass.output().add(image ? temb.reshape(-1, width, 1, 1) : temb);
      Network.Forward headPass = create ? head.create(layers, h) : head.apply(sd, h);
      return new Pass(trunkPass, headPass);
    }
  }

  private Stacks vectorStacks(long[] shape, int classes) {
    List<Integer> hidden = config.hidden();
    Network trunk = Network.builder().dense(SCOPE + "/fc0", shape[0], hidden.get(0)).build();
    Network.Builder head = Network.builder();
    for (int i = 1; i < hidden.size(); i++) {
      head.activation(Activation.SILU).dense(SCOPE + "/fc" + i, hidden.get(i - 1), hidden.get(i));
    }
    head.activation(Activation.SILU).dense(SCOPE + "/out", hidden.get(hidden.size() - 1), classes);
    return new Stacks(trunk, head.build(), hidden.get(0), false, config.timeEmbedding());
  }

  private Stacks imageStacks(long[] shape, int classes) {
    long c = config.channels();
    Network trunk = Network.builder().conv2d(SCOPE + "/conv0", shape[0], c, 3, 1, 1).build();
    // 3x3, stride 2, padding 1: a side s becomes ceil(s / 2).
    long height = (shape[1] + 1) / 2;
    long width = (shape[2] + 1) / 2;
    height = (height + 1) / 2;
    width = (width + 1) / 2;
    Network head = Network.builder()
        .activation(Activation.SILU).conv2d(SCOPE + "/down1", c, 2 * c, 3, 2, 1)
        .activation(Activation.SILU).conv2d(SCOPE + "/down2", 2 * c, 2 * c, 3, 2, 1)
        .activation(Activation.SILU).reshape(2 * c * height * width)
        .dense(SCOPE + "/out", 2 * c * height * width, classes).build();
    return new Stacks(trunk, head, c, true, config.timeEmbedding());
  }

  private static SDVariable lookup(SameDiff sd, String name, float[] table, SDVariable index, int exampleRank) {
    SDVariable values = sd.constant(name, Nd4j.createFromArray(table));
    long[] shape = new long[exampleRank + 1];
    Arrays.fill(shape, 1);
    shape[0] = -1;
    return sd.gather(values, index, 0).reshape(shape);
  }

  /** Model space as in {@link DdpmModel}: images map [low, high] to [-1, 1]; vectors stay as they are. */
  private double scale() {
    return data.isImage() ? 2.0 / (data.high() - data.low()) : 1.0;
  }

  private double offset() {
    return data.isImage() ? (data.high() + data.low()) / (data.high() - data.low()) : 0.0;
  }

  @Override
  public INDArray toModelSpace(INDArray values) {
    requireBuilt();
    return values.mul(scale()).subi(offset());
  }

  @Override
  public NoiseSchedule schedule() {
    return schedule;
  }

  @Override
  public int numClasses() {
    requireBuilt();
    return data.numClasses();
  }

  private void requireBuilt() {
    if (data == null) {
      throw new IllegalStateException("noisy-classifier has not been built yet");
    }
  }
}
