package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.ModelSession;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.tck.TinyData;
import io.genlab.vae.LatentVariableModel.Outputs;
import io.genlab.vae.internal.AttributeEdits;
import io.genlab.vae.internal.AutoencoderModel;
import io.genlab.vae.internal.ElboLoss;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Attribute vectors against means computed here from the encoder's outputs, the edit grid's layout, alpha 0
 * against the plain reconstruction, the metric against a classifier with planted weights, and config messages.
 */
class AttributeEditTests {
  private static final Examples DATA = TinyData.labelledImages(); // 32 8x8 images, label i % 4

  private static ModelSession vae() {
    return ModelSession.build(AutoencoderModel.of(new MlpVaeConfig(List.of(16), 3, Likelihood.BERNOULLI, 1.0)),
        new ElboLoss(ElboConfig.DEFAULTS), DATA.info(), RandomSource.seeded(1), SameDiffExecutor.factory(), 16);
  }

  /** The encoder means of every example of {@link #DATA}, straight from the graph. */
  private static double[][] means(ModelSession session) {
    return session.run(session.feeds(DATA.range(0, DATA.count()), null, RandomSource.seeded(3)), List.of(Outputs.MU))
        .get(Outputs.MU).toDoubleMatrix();
  }

  private static double[] meanOf(double[][] mu, java.util.function.IntPredicate take) {
    double[] sum = new double[mu[0].length];
    int n = 0;
    for (int i = 0; i < mu.length; i++) {
      if (take.test(i)) {
        for (int u = 0; u < sum.length; u++) {
          sum[u] += mu[i][u];
        }
        n++;
      }
    }
    for (int u = 0; u < sum.length; u++) {
      sum[u] /= n;
    }
    return sum;
  }

  @Test
  void theVectorIsTheTargetMeanMinusTheSourceMean() {
    ModelSession session = vae();
    double[][] mu = means(session);
    int[] labels = DATA.labels();
    double[] target = meanOf(mu, i -> labels[i] == 2);
    double[] fromClass = meanOf(mu, i -> labels[i] == 1);
    double[] fromOthers = meanOf(mu, i -> labels[i] != 2);
    double[] v = AttributeEdits.attributeVector(session, DATA, new AttributeEdits.Attribute(2, 1), 0);
    double[] any = AttributeEdits.attributeVector(session, DATA, new AttributeEdits.Attribute(2, null), 0);
    for (int u = 0; u < 3; u++) {
      assertThat(v[u]).as("unit " + u).isCloseTo(target[u] - fromClass[u], within(1e-6));
      assertThat(any[u]).as("unit " + u).isCloseTo(target[u] - fromOthers[u], within(1e-6));
    }
    assertThat(any).isNotEqualTo(v);
  }

  @Test
  void fitExamplesLimitsTheVectorToTheFirstTrainingExamples() {
    ModelSession session = vae();
    double[][] mu = means(session);
    int[] labels = DATA.labels();
    // The first 8 examples hold classes 0..3 twice each.
    double[] v = AttributeEdits.attributeVector(session, DATA, new AttributeEdits.Attribute(3, 0), 8);
    double[] target = meanOf(mu, i -> i < 8 && labels[i] == 3);
    double[] source = meanOf(mu, i -> i < 8 && labels[i] == 0);
    for (int u = 0; u < 3; u++) {
      assertThat(v[u]).isCloseTo(target[u] - source[u], within(1e-6));
    }
    assertThatThrownBy(() -> AttributeEdits.attributeVector(session, DATA, new AttributeEdits.Attribute(3, 0), 3))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the first 3 training examples hold 0 of target class 3 and 1 of class 0; the attribute vector"
            + " needs both (raise fitExamples, or 0 for all)");
  }

  @Test
  void theGridShowsEachSourceInputThenItsEditAtEveryAlpha() {
    ModelSession session = vae();
    List<Double> alphas = List.of(0.0, 1.0, -2.5);
    var sampler = new AttributeEdits.EditSampler(new EditConfigs.AttributeEdit(2, 1, alphas, 3, 0));
    var context = new Sampler.SamplingContext(DATA, DATA, RandomSource.seeded(5));
    sampler.fit(session, context);
    Samples samples = sampler.sample(session, context);
    Samples grid = samples.figures().get("grid");
    assertThat(grid.columns()).isEqualTo(4);
    assertThat(grid.values().shape()).containsExactly(12, 1, 8, 8);
    int[] sources = {1, 5, 9}; // the first three test examples of class 1
    double[][] mu = means(session);
    double[] v = AttributeEdits.attributeVector(session, DATA, new AttributeEdits.Attribute(2, 1), 0);
    for (int r = 0; r < 3; r++) {
      assertThat(grid.values().slice(4L * r)).as("row " + r + " input").isEqualTo(DATA.batch(new int[] {sources[r]}).slice(0));
      for (int a = 0; a < 3; a++) {
        double[] z = mu[sources[r]].clone();
        for (int u = 0; u < 3; u++) {
          z[u] += alphas.get(a) * v[u];
        }
        INDArray expected = decodeMean(session, z);
        assertThat(grid.values().slice(4L * r + 1 + a).reshape(64).toDoubleVector()).as("row " + r + " alpha " + alphas.get(a))
            .containsExactly(expected.toDoubleVector(), within(1e-5));
      }
    }
    // The sampler's own samples are the last column, each labelled with the target.
    assertThat(samples.count()).isEqualTo(3);
    assertThat(samples.labels()).containsExactly(2, 2, 2);
    for (int r = 0; r < 3; r++) {
      assertThat(samples.values().slice(r)).isEqualTo(grid.values().slice(4L * r + 3));
    }
    assertThat(sampler.representative()).isFalse();
  }

  /** sigmoid(decoder logits) of one latent, through the {@code z_prior} placeholder. */
  private static INDArray decodeMean(ModelSession session, double[] z) {
    INDArray raw = session.run(Map.of(Outputs.Z_PRIOR, Nd4j.create(new double[][] {z}).castTo(DataType.FLOAT)),
        List.of(Outputs.DECODED)).get(Outputs.DECODED);
    return Transforms.sigmoid(raw, true).reshape(64);
  }

  @Test
  void alphaZeroIsThePlainReconstructionThroughTheEncoderMean() {
    ModelSession session = vae();
    var sampler = new AttributeEdits.EditSampler(new EditConfigs.AttributeEdit(0, null, List.of(0.0), 4, 0));
    var context = new Sampler.SamplingContext(DATA, DATA, RandomSource.seeded(5));
    Samples samples = sampler.sample(session, context);
    // Sources are every class but 0: examples 1, 2, 3, 5.
    INDArray x = DATA.batch(new int[] {1, 2, 3, 5});
    INDArray mu = session.run(session.feeds(x, null, RandomSource.seeded(8)), List.of(Outputs.MU)).get(Outputs.MU);
    INDArray reconstruction = Transforms.sigmoid(session.run(Map.of(Outputs.Z_PRIOR, mu), List.of(Outputs.DECODED))
        .get(Outputs.DECODED), true);
    assertThat(samples.values().reshape(4, 64)).isEqualTo(reconstruction);
  }

  @Test
  void theMetricCountsEditsTheClassifierAssignsToTheTargetAndTheirChange() {
    ModelSession session = vae();
    List<Double> alphas = List.of(0.0, 3.0);
    var metric = new AttributeEdits.EditMetric(new EditConfigs.AttributeEditMetric(2, 1, alphas, 0, 0));
    // A linear classifier whose class-2 logit is the mean pixel value minus a threshold and class 1's is 0:
    // the threshold between the two decodings of the first source example splits the edits exactly.
    double[] v = AttributeEdits.attributeVector(session, DATA, new AttributeEdits.Attribute(2, 1), 0);
    double[][] mu = means(session);
    int[] sources = java.util.stream.IntStream.range(0, 32).filter(i -> i % 4 == 1).toArray();
    List<double[]> means = new ArrayList<>();
    for (double alpha : alphas) {
      double[] perExample = new double[sources.length];
      for (int k = 0; k < sources.length; k++) {
        double[] z = mu[sources[k]].clone();
        for (int u = 0; u < 3; u++) {
          z[u] += alpha * v[u];
        }
        perExample[k] = decodeMean(session, z).meanNumber().doubleValue();
      }
      means.add(perExample);
    }
    // The median of the 16 decodings' means (between two of them) splits them into two halves.
    double[] all = java.util.stream.DoubleStream.concat(Arrays.stream(means.get(0)), Arrays.stream(means.get(1)))
        .sorted().toArray();
    double threshold = (all[7] + all[8]) / 2;
    FeatureClassifier classifier = linearClassifier(64, 4, 2, 1.0 / 64, -threshold);
    Map<String, Double> result = metric.measure(session, DATA, DATA, classifier);
    assertThat(result).containsKeys("edit/vector_norm", "edit/inputs/target_share", "edit/alpha_0/target_share",
        "edit/alpha_0/source_share", "edit/alpha_0/change", "edit/alpha_3/target_share", "edit/alpha_3/change");
    assertThat(result.keySet()).allSatisfy(k -> assertThat(k).matches("[A-Za-z0-9_./-]+"));
    for (int a = 0; a < 2; a++) {
      long above = Arrays.stream(means.get(a)).filter(m -> m > threshold).count();
      String key = "edit/alpha_" + (a == 0 ? "0" : "3");
      assertThat(result.get(key + "/target_share")).as(key).isEqualTo(above / 8.0);
      // Class 1's logit is 0 and the others' -100, so every edit not assigned to 2 goes to 1.
      assertThat(result.get(key + "/source_share")).as(key).isEqualTo(1 - above / 8.0);
    }
    assertThat(result.get("edit/alpha_0/change")).isEqualTo(0.0);
    assertThat(result.get("edit/alpha_3/change")).isGreaterThan(0.0);
    assertThat(result.get("edit/vector_norm")).isCloseTo(Math.sqrt(Arrays.stream(v).map(u -> u * u).sum()), within(1e-12));
  }

  /**
   * A classifier without hidden layers whose logit for {@code target} is {@code weight * sum(x) + bias}, for
   * class 1 is 0 and for the others -100.
   */
  static FeatureClassifier linearClassifier(int inputs, int classes, int target, double weight, double bias) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * (inputs * classes + classes)).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < inputs; k++) {
      for (int c = 0; c < classes; c++) {
        bytes.putDouble(c == target ? weight : 0);
      }
    }
    for (int c = 0; c < classes; c++) {
      bytes.putDouble(c == target ? bias : c == 1 ? 0 : -100);
    }
    return FeatureClassifier.fromBytes(inputs, List.of(), classes, bytes.array());
  }

  @Test
  void alphaKeysAreShortAndSafe() {
    assertThat(AttributeEdits.alphaKey(0.0)).isEqualTo("0");
    assertThat(AttributeEdits.alphaKey(-0.0)).isEqualTo("0");
    assertThat(AttributeEdits.alphaKey(2.0)).isEqualTo("2");
    assertThat(AttributeEdits.alphaKey(1.5)).isEqualTo("1.5");
    assertThat(AttributeEdits.alphaKey(-0.25)).isEqualTo("-0.25");
    assertThat(AttributeEdits.alphaKey(10)).isEqualTo("10");
  }

  @Test
  void configsRefuseBadAttributesAndAlphas() {
    List<Double> alphas = List.of(0.0, 1.0);
    assertThatThrownBy(() -> new EditConfigs.AttributeEdit(-1, null, alphas, 8, 0)).isInstanceOf(ConfigException.class)
        .hasMessage("target must be >= 0, found -1");
    assertThatThrownBy(() -> new EditConfigs.AttributeEdit(1, 1, alphas, 8, 0))
        .hasMessage("source must differ from target (both are 1); leave source out (null) to edit from every other class");
    assertThatThrownBy(() -> new EditConfigs.AttributeEditMetric(1, -2, alphas, 0, 0)).hasMessage("source must be >= 0, found -2");
    assertThatThrownBy(() -> new EditConfigs.AttributeEdit(1, null, List.of(), 8, 0))
        .hasMessage("alphas must list 1 to 16 edit strengths, found 0");
    assertThatThrownBy(() -> new EditConfigs.AttributeEditMetric(1, null, List.of(0.0, Double.NaN), 0, 0))
        .hasMessage("alphas must be finite numbers, found NaN in [0.0, NaN]");
    assertThatThrownBy(() -> new EditConfigs.AttributeEdit(1, null, List.of(0.0, 1.0, -0.0), 8, 0))
        .hasMessage("alphas must be distinct, found -0.0 twice in [0.0, 1.0, -0.0]");
    assertThatThrownBy(() -> new EditConfigs.AttributeEdit(1, null, alphas, 0, 0)).hasMessageContaining("images");
    assertThatThrownBy(() -> new EditConfigs.AttributeEditMetric(1, null, alphas, -1, 0)).hasMessageContaining("limit");
    assertThatThrownBy(() -> new EditConfigs.AttributeEdit(1, null, alphas, 8, -5)).hasMessageContaining("fitExamples");
  }

  @Test
  void componentsRefuseConditionalModelsUnlabelledDataAndClassesBeyondTheData() {
    var sampler = new AttributeEdits.EditSampler(new EditConfigs.AttributeEdit(4, 1, List.of(1.0), 8, 0));
    var metric = new AttributeEdits.EditMetric(new EditConfigs.AttributeEditMetric(1, null, List.of(1.0), 0, 0));
    var vae = AutoencoderModel.of(MlpVaeConfig.DEFAULTS);
    var cvae = AutoencoderModel.of(ConditionalVaeConfig.DEFAULTS);
    assertThat(sampler.incompatibility(vae)).isEmpty();
    assertThat(metric.incompatibility(cvae)).contains(
        "attribute-edit cannot edit a conditional model: its label input sets the class; use the conditional sampler");
    assertThat(sampler.incompatibility(vae, DATA.info())).contains(
        "attribute-edit target 4 and source 1 must be classes of the data (0..3)");
    assertThat(metric.incompatibility(vae, DATA.info())).isEmpty();
    assertThat(metric.incompatibility(vae, new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0))).contains(
        "attribute-edit needs labelled data: the attribute is a class label");
  }

  @Test
  void aTestSplitWithoutSourceExamplesIsRefusedNamingTheSource() {
    ModelSession session = vae();
    Examples onlyTwos = new Examples(DATA.info(), Arrays.copyOfRange(DATA.values(), 2 * 64, 3 * 64), new int[] {2}, 1);
    var sampler = new AttributeEdits.EditSampler(new EditConfigs.AttributeEdit(2, 3, List.of(1.0), 8, 0));
    assertThatThrownBy(() -> sampler.sample(session, new Sampler.SamplingContext(DATA, onlyTwos, RandomSource.seeded(1))))
        .isInstanceOf(ConfigException.class).hasMessage("the test split holds no example of class 3");
    var metric = new AttributeEdits.EditMetric(new EditConfigs.AttributeEditMetric(2, null, List.of(1.0), 0, 0));
    assertThatThrownBy(() -> metric.evaluate(session, new Metric.EvaluationContext(DATA, onlyTwos, RandomSource.seeded(1))))
        .hasMessage("the test split holds no example of every class but 2");
  }
}
