package io.genlab.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ComponentKind;
import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Loss;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.api.RunModels;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.engine.exec.EngineConfig;
import io.genlab.engine.exec.GraphExecutor;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.OptimizerConfig;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingConfig;
import io.genlab.engine.train.TrainingListener;
import io.genlab.tck.TinyData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classifier guidance: the noise-aware classifier's hand-written input gradient, the guided updates on a stub
 * classifier whose gradient is known, scale 0 against no guidance, the refusals, and a trained toy on which
 * guidance moves samples to the requested class.
 */
class ClassifierGuidanceTests {
  private final PluginRegistry registry = PluginRegistry.of(new DiffusionPlugin());

  @Test
  void theClassifiersInputGradientIsSameDiffsOwnAndMatchesFiniteDifferences() {
    checkInputGradient(Map.of("hidden", List.of(12, 10, 8), "timeEmbedding", 8, "process", Map.of("timesteps", 20)),
        TinyData.labelledBlobs(), 1e-4);
    // The conv net: stride-2 convolutions on odd and even sides, the time embedding added per channel.
    checkInputGradient(Map.of("channels", 3, "timeEmbedding", 8, "process", Map.of("timesteps", 20)),
        TinyData.labelledImages(), 1e-4);
    float[] odd = new float[6 * 7 * 5];
    RandomSource.seeded(3).fillUniform(odd);
    Examples oddImages = new Examples(new DataInfo(new long[] {2, 7, 5}, 0, 1, false, 3), odd, new int[] {0, 1, 2},
        3);
    checkInputGradient(Map.of("channels", 2, "timeEmbedding", 4, "process", Map.of("timesteps", 20)), oddImages,
        1e-4);
  }

  /** GRADIENT against SameDiff's gradient of sum(LOG_PROB) w.r.t. the input made a variable, and central differences. */
  private void checkInputGradient(Map<String, ?> config, Examples data, double tolerance) {
    Model model = registry.create(ComponentKind.MODEL, Model.class, "noisy-classifier", config, "model").component();
    SameDiff sd = SameDiff.create();
    model.build(new Model.BuildContext(sd, data.info(), RandomSource.seeded(5)));
    int n = 3;
    long[] shape = data.info().exampleShape();
    long[] batch = new long[shape.length + 1];
    batch[0] = n;
    System.arraycopy(shape, 0, batch, 1, shape.length);
    INDArray x = RandomSource.seeded(6).normal(batch);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, n, data.info().numClasses());
    for (int i = 0; i < n; i++) {
      labels.putScalar(i, (i + 1) % data.info().numClasses(), 1f);
    }
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(NoisyClassifier.X, x);
    feeds.put(NoisyClassifier.T, Nd4j.createFromArray(0f, 7f, 19f));
    feeds.put(NoisyClassifier.LABELS, labels);
    INDArray gradient = sd.output(feeds, NoisyClassifier.GRADIENT).get(NoisyClassifier.GRADIENT).dup();
    assertThat(gradient.shape()).containsExactly(batch);
    assertThat(gradient.amaxNumber().doubleValue()).as("a gradient that is not zero").isGreaterThan(1e-3);

    // Central differences of sum_i log p(y_i | x_i) in a few coordinates.
    RandomSource pick = RandomSource.seeded(7);
    INDArray flat = x.reshape(x.length());
    for (int k = 0; k < 6; k++) {
      int index = (int) Math.floor(pick.derive(k).uniform(1, 1).getDouble(0) * x.length());
      double h = 1e-2;
      double original = flat.getDouble(index);
      flat.putScalar(index, original + h);
      double up = logProb(sd, feeds);
      flat.putScalar(index, original - h);
      double down = logProb(sd, feeds);
      flat.putScalar(index, original);
      double numeric = (up - down) / (2 * h);
      assertThat(gradient.reshape(gradient.length()).getDouble(index)).as("coordinate %d", index)
          .isCloseTo(numeric, org.assertj.core.api.Assertions.within(2e-3 + 2e-2 * Math.abs(numeric)));
    }

    // SameDiff's own first-order gradient w.r.t. the input, once the placeholder is a variable.
    SDVariable total = sd.sum("test/total", sd.getVariable(NoisyClassifier.LOG_PROB));
    sd.setLossVariables(total);
    SDVariable input = sd.getVariable(NoisyClassifier.X);
    input.setArray(feeds.remove(NoisyClassifier.X));
    input.convertToVariable();
    INDArray expected = sd.calculateGradients(feeds, NoisyClassifier.X).get(NoisyClassifier.X);
    double scale = expected.amaxNumber().doubleValue();
    assertThat(gradient.sub(expected).amaxNumber().doubleValue()).as("max |ours - SameDiff's|")
        .isLessThanOrEqualTo(tolerance * Math.max(scale, 1));
  }

  private static double logProb(SameDiff sd, Map<String, INDArray> feeds) {
    return sd.output(feeds, NoisyClassifier.LOG_PROB).get(NoisyClassifier.LOG_PROB).sumNumber().doubleValue();
  }

  @Test
  void aSingleGuidedStepShiftsTheSampleByThePapersFormula() {
    // A wide data range, so that samples are not clipped to it.
    Examples blobs = TinyData.labelledBlobs();
    Examples data = new Examples(new DataInfo(new long[] {2}, -100, 100, false, 4), blobs.values(), blobs.labels(),
        blobs.count());
    // T = 1: DDPM's only step returns mu + s beta_1 g and DDIM's the guided x0.
    ModelSession diffusion = diffusion(Map.of("timesteps", 1, "betaStart", 0.3, "betaEnd", 0.3), data);
    StubClassifier stub = new StubClassifier(diffusion.model().as(DiffusionModel.class).orElseThrow().schedule(),
        data.info(), 3);
    RunModels runs = id -> {
      assertThat(id).isEqualTo("stub");
      return stub;
    };
    double s = 2.5;
    INDArray plainDdpm = draw("ddpm", Map.of("count", 6), diffusion, runs).values();
    Samples guidedDdpm = draw("ddpm", Map.of("count", 6, "classifierRun", "stub", "classifierScale", s), diffusion,
        runs);
    INDArray plainDdim = draw("ddim", Map.of("count", 6, "steps", 1), diffusion, runs).values();
    Samples guidedDdim = draw("ddim", Map.of("count", 6, "steps", 1, "classifierRun", "stub", "classifierScale", s),
        diffusion, runs);
    double abar = 0.7;
    for (int i = 0; i < 6; i++) {
      INDArray g = stub.gradientFor(i % 3);
      double[] ddpmShift = guidedDdpm.values().getRow(i).sub(plainDdpm.getRow(i)).toDoubleVector();
      double[] ddimShift = guidedDdim.values().getRow(i).sub(plainDdim.getRow(i)).toDoubleVector();
      for (int d = 0; d < 2; d++) {
        assertThat(ddpmShift[d]).as("ddpm %d/%d", i, d)
            .isCloseTo(s * 0.3 * g.getDouble(d), org.assertj.core.api.Assertions.within(1e-5));
        assertThat(ddimShift[d]).as("ddim %d/%d", i, d)
            .isCloseTo(s * (1 - abar) / Math.sqrt(abar) * g.getDouble(d), org.assertj.core.api.Assertions.within(1e-5));
      }
    }
    // Sample i targets class i mod K of the classifier, and the grid shows one class per column.
    assertThat(guidedDdpm.labels()).containsExactly(0, 1, 2, 0, 1, 2);
    assertThat(guidedDdpm.columns()).isEqualTo(3);
    assertThat(stub.timesteps).containsOnly(0);
  }

  @Test
  void scaleZeroReproducesTheUnguidedSamplerBitForBit() {
    Examples data = TinyData.labelledBlobs();
    Map<String, Object> process = Map.of("timesteps", 12);
    ModelSession diffusion = diffusion(process, data);
    ModelSession classifier = classifier(Map.of("hidden", List.of(8), "timeEmbedding", 4, "process", process), data);
    RunModels runs = id -> classifier;
    for (var sampler : List.of(Map.entry("ddpm", Map.<String, Object>of("count", 7, "batchSize", 4)),
        Map.entry("ddim", Map.<String, Object>of("count", 7, "batchSize", 4, "steps", 5, "eta", 0.5)))) {
      Samples plain = draw(sampler.getKey(), sampler.getValue(), diffusion, runs);
      Map<String, Object> zero = new HashMap<>(sampler.getValue());
      zero.put("classifierRun", "c");
      zero.put("classifierScale", 0.0);
      Samples unmoved = draw(sampler.getKey(), zero, diffusion, runs);
      assertThat(unmoved.values()).as(sampler.getKey()).isEqualTo(plain.values());
      assertThat(unmoved.labels()).containsExactly(0, 1, 2, 3, 0, 1, 2);
      zero.put("classifierScale", 1.0);
      assertThat(draw(sampler.getKey(), zero, diffusion, runs).values()).as(sampler.getKey() + " s = 1")
          .isNotEqualTo(plain.values());
    }
  }

  @Test
  void aClassifierOfAnotherProcessShapeOrKindIsRefusedNamingBoth() {
    Examples data = TinyData.labelledBlobs();
    ModelSession diffusion = diffusion(Map.of("timesteps", 12), data);
    ModelSession otherSchedule = classifier(Map.of("hidden", List.of(8), "timeEmbedding", 4,
        "process", Map.of("timesteps", 12, "schedule", "cosine")), data);
    assertThatThrownBy(() -> draw("ddim", Map.of("count", 2, "steps", 3, "classifierRun", "c1"), diffusion,
        id -> otherSchedule))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ddim: classifierRun 'c1' was trained on the forward process T=12")
        .hasMessageContaining("but the diffusion model's is T=12, beta_1=0.000100000");
    ModelSession shorter = classifier(Map.of("hidden", List.of(8), "timeEmbedding", 4,
        "process", Map.of("timesteps", 10)), data);
    assertThatThrownBy(() -> draw("ddpm", Map.of("count", 2, "classifierRun", "c2"), diffusion, id -> shorter))
        .hasMessageContaining("T=10").hasMessageContaining("the diffusion model's is T=12");
    Examples images = TinyData.labelledImages();
    ModelSession imageClassifier = classifier(Map.of("channels", 2, "timeEmbedding", 4,
        "process", Map.of("timesteps", 12)), images);
    assertThatThrownBy(() -> draw("ddpm", Map.of("count", 2, "classifierRun", "c3"), diffusion, id -> imageClassifier))
        .hasMessage("ddpm: classifierRun 'c3' classifies examples shaped [1, 8, 8] in [0.0, 1.0] but the diffusion "
            + "model's are [2] in [-2.0, 2.0]");
    assertThatThrownBy(() -> draw("ddpm", Map.of("count", 2, "classifierRun", "c4"), diffusion, id -> diffusion))
        .hasMessageContaining("classifierRun 'c4' is not a noise-aware classifier");
    assertThatThrownBy(() -> draw("ddpm", Map.of("count", 2, "classifierRun", "c5"), diffusion, RunModels.NONE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("c5");
  }

  @Test
  void configsAreValidatedAndTheClassifierRunIsDeclared() {
    assertThatThrownBy(() -> new SamplerConfigs.Ddpm(4, 4, SamplerConfigs.Variance.BETA, 1, true, 0, "r", -1))
        .isInstanceOf(ConfigException.class).hasMessage("classifierScale must be >= 0 and finite, found -1.0");
    assertThatThrownBy(() -> new SamplerConfigs.Ddim(4, 4, 5, 0, 1, true, 0, "r", Double.NaN))
        .hasMessage("classifierScale must be >= 0 and finite, found NaN");
    assertThatThrownBy(() -> new SamplerConfigs.Ddim(4, 4, 5, 0, 1, true, 0, " r", 1))
        .hasMessage("classifierRun must be a run id without surrounding blanks, found ' r'");
    assertThatThrownBy(() -> new SamplerConfigs.Ddim(4, 4, 5, 0, 1, true, 0, null, 1))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> new NoisyAccuracyConfig(List.of(0.0, 1.0), 10, 10))
        .hasMessage("levels[1] must be in [0, 1), found 1.0 in [0.0, 1.0]");
    assertThatThrownBy(() -> new NoisyAccuracyConfig(List.of(), 10, 10)).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> new ForwardProcess(0, NoiseSchedule.Kind.LINEAR, 1e-4, 0.02, 0.008))
        .hasMessageContaining("timesteps");
    assertThatThrownBy(() -> new NoisyClassifierConfig(List.of(), 8, 8, ForwardProcess.DEFAULTS))
        .hasMessageContaining("hidden");
    assertThatThrownBy(() -> new NoisyClassifierConfig(List.of(8), 8, 7, ForwardProcess.DEFAULTS))
        .hasMessage("timeEmbedding must be even and > 0, found 7");
    assertThat(ForwardProcess.DEFAULTS.noiseSchedule()).isEqualTo(DiffusionConfig.DEFAULTS.noiseSchedule());
    Sampler guided = registry.create(ComponentKind.SAMPLER, Sampler.class, "ddim",
        Map.of("classifierRun", "abc123"), "sampler").component();
    assertThat(guided.runReferences()).containsExactly("abc123");
    assertThat(registry.create(ComponentKind.SAMPLER, Sampler.class, "ddpm", Map.of(), "sampler").component()
        .runReferences()).isEmpty();
    Model unlabelledData = registry.create(ComponentKind.MODEL, Model.class, "noisy-classifier", Map.of(), "model")
        .component();
    DataInfo unlabelled = new DataInfo(new long[] {2}, -1, 1, false, 0);
    assertThatThrownBy(() -> unlabelledData.build(new Model.BuildContext(SameDiff.create(), unlabelled,
        RandomSource.seeded(1)))).isInstanceOf(ConfigException.class).hasMessageContaining("needs labelled data");
  }

  /**
   * Two labelled blobs at x = -1.5 (class 0) and x = +1.5 (class 1): the unconditional model covers both, so
   * half its samples land in each; guided by a noise-aware classifier trained on the same process, the samples
   * go to the requested blob.
   */
  @Test
  void guidanceWithATrainedNoisyClassifierMovesSamplesToTheRequestedClass() {
    Examples data = twoBlobs(512, 1);
    Map<String, Object> process = Map.of("timesteps", 40, "betaEnd", 0.2);
    // The planned executor: training through SameDiff would take a minute.
    GraphExecutor.Factory planned = EngineConfig.DEFAULTS.factory(line -> {});
    ModelSession diffusion = train(session("mlp-ddpm", Map.of("hidden", List.of(64, 64), "timeEmbedding", 16,
        "diffusion", process), "ddpm", data, planned), data, 400);
    ModelSession classifier = train(session("noisy-classifier", Map.of("hidden", List.of(32, 32), "timeEmbedding", 16,
        "process", process), "noisy-classification", data, planned), data, 300);
    Metric accuracy = registry.create(ComponentKind.METRIC, Metric.class, "noisy-accuracy",
        Map.of("levels", List.of(0.0, 0.5)), "metric").component();
    Examples test = twoBlobs(200, 2);
    Map<String, Double> figures = accuracy.evaluate(classifier,
        new Metric.EvaluationContext(test, test, RandomSource.seeded(3), null));
    assertThat(figures.get("accuracy_t0")).as("accuracy on clean points").isGreaterThan(0.95);
    assertThat(figures.get("accuracy_t20")).as("accuracy half way").isLessThan(figures.get("accuracy_t0"));

    RunModels runs = id -> classifier;
    for (String sampler : List.of("ddpm", "ddim")) {
      Map<String, Object> config = new HashMap<>(Map.of("count", 200, "classifierRun", "c"));
      if (sampler.equals("ddim")) {
        config.put("steps", 20);
      }
      config.put("classifierScale", 0.0);
      double unguided = targetShare(draw(sampler, config, diffusion, runs));
      config.put("classifierScale", 4.0);
      double guided = targetShare(draw(sampler, config, diffusion, runs));
      assertThat(unguided).as(sampler + " unguided").isBetween(0.3, 0.7);
      assertThat(guided).as(sampler + " guided, s = 4").isGreaterThan(0.9);
    }
  }

  /** The share of samples on their target's side: class 1 is x > 0. */
  private static double targetShare(Samples samples) {
    int hits = 0;
    for (int i = 0; i < samples.count(); i++) {
      boolean right = samples.values().getDouble(i, 0) > 0;
      hits += right == (samples.labels()[i] == 1) ? 1 : 0;
    }
    return (double) hits / samples.count();
  }

  private static Examples twoBlobs(int n, long seed) {
    float[] noise = new float[2 * n];
    RandomSource.seeded(seed).fillNormal(noise);
    float[] values = new float[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      values[2 * i] = (labels[i] == 0 ? -1.5f : 1.5f) + 0.25f * noise[2 * i];
      values[2 * i + 1] = 0.25f * noise[2 * i + 1];
    }
    return new Examples(new DataInfo(new long[] {2}, -4, 4, false, 2), values, labels, n);
  }

  private Samples draw(String sampler, Map<String, ?> config, TrainedModel model, RunModels runs) {
    Sampler s = registry.create(ComponentKind.SAMPLER, Sampler.class, sampler, config, "sampler").component();
    Examples data = model.data().numClasses() == 2 ? twoBlobs(8, 9) : TinyData.labelledBlobs();
    return s.sample(model, new Sampler.SamplingContext(data, data, RandomSource.seeded(8), runs, null));
  }

  private ModelSession diffusion(Map<String, ?> process, Examples data) {
    return session("mlp-ddpm", Map.of("hidden", List.of(8), "timeEmbedding", 16, "diffusion", process), "ddpm", data);
  }

  private ModelSession classifier(Map<String, ?> config, Examples data) {
    return session("noisy-classifier", config, "noisy-classification", data);
  }

  private ModelSession session(String model, Map<String, ?> config, String loss, Examples data) {
    return session(model, config, loss, data, SameDiffExecutor.factory());
  }

  private ModelSession session(String model, Map<String, ?> config, String loss, Examples data,
      GraphExecutor.Factory executors) {
    Model m = registry.create(ComponentKind.MODEL, Model.class, model, config, "model").component();
    Loss l = registry.create(ComponentKind.LOSS, Loss.class, loss, Map.of(), "loss").component();
    return ModelSession.build(m, l, data.info(), RandomSource.seeded(3), executors, 256);
  }

  private static ModelSession train(ModelSession session, Examples data, int iterations) {
    TrainingConfig config = new TrainingConfig(1000, 128, Binarization.NONE,
        new OptimizerConfig("adam", 3e-3, 0.9, 0.999, 1e-8), 1000, 1000, iterations);
    new Trainer(session, config, RandomSource.seeded(4)).run(data, new TrainingListener() {});
    return session;
  }

  /**
   * A classifier whose gradient is known: class k's gradient is a fixed vector g_k whatever x_t and t; it
   * records the timesteps it is asked at.
   */
  private static final class StubClassifier implements TrainedModel, Model, NoisyClassifier {
    private final NoiseSchedule schedule;
    private final DataInfo data;
    private final int classes;
    private final ModelGraph graph;
    final List<Integer> timesteps = new ArrayList<>();

    StubClassifier(NoiseSchedule schedule, DataInfo data, int classes) {
      this.schedule = schedule;
      this.data = new DataInfo(data.exampleShape(), data.low(), data.high(), false, classes);
      this.classes = classes;
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
      // A graph only for its data shape: run() answers without it.
      sd.var("unused", Nd4j.zeros(DataType.FLOAT, 1));
      this.graph = ModelGraph.builder(sd).dataInput(x, 2).output(GRADIENT, sd.identity(GRADIENT, x))
          .parameters(ModelGraph.DEFAULT_GROUP, List.of("unused")).build();
    }

    INDArray gradientFor(int k) {
      return Nd4j.createFromArray(0.5f + k, -1.0f + 0.25f * k);
    }

    @Override
    public Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs) {
      INDArray labels = feeds.get(LABELS);
      INDArray out = Nd4j.zeros(DataType.FLOAT, labels.size(0), 2);
      for (int i = 0; i < labels.size(0); i++) {
        int k = Nd4j.argMax(labels.getRow(i)).getInt(0);
        out.putRow(i, gradientFor(k));
        timesteps.add(feeds.get(T).getInt(i));
      }
      return Map.of(GRADIENT, out);
    }

    @Override
    public ModelGraph build(BuildContext context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Model model() {
      return this;
    }

    @Override
    public ModelGraph graph() {
      return graph;
    }

    @Override
    public Objectives objectives() {
      throw new UnsupportedOperationException();
    }

    @Override
    public DataInfo data() {
      return data;
    }

    @Override
    public Map<String, INDArray> feeds(INDArray values, INDArray oneHotLabels, RandomSource noise) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int evaluationBatchSize() {
      return 64;
    }

    @Override
    public NoiseSchedule schedule() {
      return schedule;
    }

    @Override
    public int numClasses() {
      return classes;
    }

    @Override
    public INDArray toModelSpace(INDArray values) {
      return values.dup();
    }
  }
}
