package io.genlab.gan;

import io.genlab.api.DataInfo;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GAN-family model for loss tests: its "networks" are placeholders (or, for gradient checks,
 * variables) holding given outputs, in double precision, and its discriminator pass is a known
 * critic whose input gradient is exact: LINEAR {@code D(x) = x . w + b} (gradient {@code w}) or
 * QUADRATIC {@code D(x) = 0.5 ||x||^2} (gradient {@code x}). Records what the loss passed to
 * {@link #discriminate}. Mutable, single-use: configure, then {@link #apply} one loss.
 */
final class FakeGan implements Model, GanModel {
  /** The critic {@link #discriminate} applies. */
  enum Critic {
    LINEAR,
    QUADRATIC
  }

  /** Outputs that become trainable variables when {@link #trainableOutputs} is set. */
  private static final Set<String> TRAINABLE = Set.of(D_REAL, D_FAKE, FAKE, CLASS_REAL, CLASS_FAKE, CODE_LOGITS, CODE_MEAN,
      FEATURES_REAL, FEATURES_FAKE);
  static final String CRITIC_W = "critic/w";
  static final String CRITIC_B = "critic/b";

  final Map<String, INDArray> outputs = new LinkedHashMap<>();
  final Map<String, INDArray> noise = new LinkedHashMap<>();
  Conditioning conditioning = Conditioning.NONE;
  int labelClasses;
  int categoricalCode;
  int continuousCode;
  boolean batchNorm;
  boolean trainableOutputs;
  Critic critic = Critic.LINEAR;
  long[] exampleShape = {2};
  /** The linear critic's weights, shaped like one example with a leading 1. */
  INDArray criticWeights = rows(new double[][] {{3, 4}});

  /** What the loss passed to {@link #discriminate}, one entry per call. */
  final List<SDVariable> criticInputs = new ArrayList<>();
  final List<SDVariable> criticLabels = new ArrayList<>();

  SameDiff sd;
  ModelGraph graph;
  final Map<String, INDArray> feeds = new HashMap<>();

  /**
   * The common inputs: dr = [2, -1], df = [0.5, -3], real = [[1, 2], [3, 4]], fake = [[0, 0], [1, -1]],
   * mix = [0.25, 0.5] per example, perturbation u = [[0.2, 0.4], [0.6, 0.8]], critic w = [3, 4], b = 0.5.
   */
  static FakeGan standard() {
    FakeGan gan = new FakeGan();
    gan.outputs.put(D_REAL, rows(new double[][] {{2}, {-1}}));
    gan.outputs.put(D_FAKE, rows(new double[][] {{0.5}, {-3}}));
    gan.outputs.put(REAL, rows(new double[][] {{1, 2}, {3, 4}}));
    gan.outputs.put(FAKE, rows(new double[][] {{0, 0}, {1, -1}}));
    gan.noise.put(PENALTY_MIX, rows(new double[][] {{0.25}, {0.5}}));
    gan.noise.put(PENALTY_PERTURBATION, rows(new double[][] {{0.2, 0.4}, {0.6, 0.8}}));
    return gan;
  }

  /**
   * {@link #standard()} with discriminator features f(real) = [[1, 2, 0], [3, 0, 1]] (batch mean [2, 1, 0.5])
   * and f(fake) = [[0, 2, 1], [1, 0, 2]] (batch mean [0.5, 1, 1.5]).
   */
  static FakeGan withFeatures() {
    FakeGan gan = standard();
    gan.outputs.put(FEATURES_REAL, rows(new double[][] {{1, 2, 0}, {3, 0, 1}}));
    gan.outputs.put(FEATURES_FAKE, rows(new double[][] {{0, 2, 1}, {1, 0, 2}}));
    return gan;
  }

  /** A double matrix. */
  static INDArray rows(double[][] values) {
    return Nd4j.createFromArray(values);
  }

  /** The data description matching {@link #exampleShape}. */
  DataInfo data() {
    return new DataInfo(exampleShape, -1, 1, false, labelClasses);
  }

  /** Builds this model into a fresh graph, then {@code loss} on it. */
  Objectives apply(Loss loss) {
    graph = build(new BuildContext(SameDiff.create(), data(), RandomSource.seeded(1)));
    return loss.build(new Loss.LossContext(this, graph, data()));
  }

  /** The scalar {@code v} evaluates to. */
  double eval(SDVariable v) {
    return evalArray(v).getDouble(0);
  }

  /** The array {@code v} evaluates to. */
  INDArray evalArray(SDVariable v) {
    return sd.output(feeds, v.name()).get(v.name());
  }

  @Override
  public ModelGraph build(BuildContext context) {
    sd = context.sameDiff();
    feeds.clear();
    ModelGraph.Builder b = ModelGraph.builder(sd);
    List<String> discriminator = new ArrayList<>(List.of(CRITIC_W, CRITIC_B));
    List<String> generator = new ArrayList<>(List.of("generator/theta"));
    sd.var(CRITIC_W, criticWeights.dup());
    sd.var(CRITIC_B, Nd4j.scalar(0.5));
    sd.var("generator/theta", Nd4j.zeros(DataType.DOUBLE, 1));
    for (Map.Entry<String, INDArray> e : outputs.entrySet()) {
      String role = e.getKey();
      SDVariable v;
      if (trainableOutputs && TRAINABLE.contains(role)) {
        v = sd.var(role, e.getValue().dup());
        (role.equals(FAKE) || role.equals(FEATURES_FAKE) ? generator : discriminator).add(role);
      } else {
        v = placeholder(role, e.getValue());
      }
      b.output(role, v);
      if (role.equals(REAL)) {
        b.dataInput(v, exampleShape);
      }
      if (role.equals(LABELS)) {
        b.labelInput(v);
      }
    }
    for (Map.Entry<String, INDArray> e : noise.entrySet()) {
      placeholder(e.getKey(), e.getValue());
      long[] shape = e.getValue().shape();
      b.noise(new NoiseInput(e.getKey(), java.util.Arrays.copyOfRange(shape, 1, shape.length),
          NoiseInput.Distribution.UNIFORM));
    }
    return b.parameters(GENERATOR, generator).parameters(DISCRIMINATOR, discriminator).build();
  }

  private SDVariable placeholder(String name, INDArray value) {
    long[] shape = value.shape().clone();
    shape[0] = -1;
    feeds.put(name, value);
    return sd.placeHolder(name, DataType.DOUBLE, shape);
  }

  @Override
  public CriticPass discriminate(SameDiff graph, SDVariable input, SDVariable labels) {
    criticInputs.add(input);
    criticLabels.add(labels);
    long size = data().exampleSize();
    if (critic == Critic.LINEAR) {
      SDVariable w = graph.getVariable(CRITIC_W);
      SDVariable score = input.mul(w).reshape(-1, size).sum(true, 1).add(graph.getVariable(CRITIC_B));
      return new CriticPass(score, graph.zerosLike(input).add(w));
    }
    SDVariable score = input.mul(input).reshape(-1, size).sum(true, 1).mul(0.5);
    return new CriticPass(score, input.mul(1.0));
  }

  @Override
  public int latentDim() {
    return 1;
  }

  @Override
  public Conditioning conditioning() {
    return conditioning;
  }

  @Override
  public int labelClasses() {
    return labelClasses;
  }

  @Override
  public int categoricalCode() {
    return categoricalCode;
  }

  @Override
  public int continuousCode() {
    return continuousCode;
  }

  @Override
  public boolean discriminatorBatchNorm() {
    return batchNorm;
  }
}
