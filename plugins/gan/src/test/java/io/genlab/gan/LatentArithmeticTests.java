package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.gan.EditConfigs.Method;
import io.genlab.gan.internal.LatentArithmetic;
import io.genlab.gan.internal.LatentArithmetic.Attribute;
import io.genlab.nn.features.FeatureClassifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The direction of latent arithmetic against planted ones: a regression on exactly linear log-odds, class means of
 * given latents, and the stub generator {@code x = z[:2] + (2, 0)} judged by a linear classifier, whose log-odds
 * direction in z is known; the grid's layout, and the messages of configs and refusals.
 */
class LatentArithmeticTests {
  /** The stub generator: 4 latent dimensions, x = z[:, :2] + (2, 0). */
  private static SamplingStubs.Trained stub() {
    return new SamplingStubs.Trained(SamplingStubs.Gan.unconditional(4), 1.0, 100);
  }

  /** Two classes on 2-D inputs, logits (0, w . x + b). */
  private static FeatureClassifier linear(double w0, double w1, double b) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * 6).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putDouble(0).putDouble(w0).putDouble(0).putDouble(w1); // row k: input k's weights to classes 0, 1
    bytes.putDouble(0).putDouble(b);
    return FeatureClassifier.fromBytes(2, List.of(), 2, bytes.array());
  }

  @Test
  void regressionRecoversAPlantedDirectionItsLengthAndFit() {
    double[] u = {0.5, -0.5, 0.5, 0, 0, 0, 0.5, 0};
    float[] noise = new float[2000 * 9];
    RandomSource.seeded(3).fillNormal(noise);
    double[][] z = new double[2000][8];
    double[] y = new double[2000];
    for (int i = 0; i < 2000; i++) {
      for (int k = 0; k < 8; k++) {
        z[i][k] = noise[i * 9 + k];
        y[i] += 3 * u[k] * z[i][k];
      }
      y[i] += 0.5 + 0.1 * noise[i * 9 + 8];
    }
    double[][] fit = LatentArithmetic.regression(z, y);
    double cosine = 0;
    for (int k = 0; k < 8; k++) {
      cosine += fit[0][k] * u[k];
    }
    assertThat(cosine).isGreaterThan(0.9995);
    assertThat(fit[1][0]).as("coefficient length").isCloseTo(3.0, within(0.02));
    assertThat(fit[1][1]).as("R^2").isGreaterThan(0.99).isLessThan(1.0);
    assertThatThrownBy(() -> LatentArithmetic.regression(new double[][] {{1, 2}, {3, 4}, {5, 7}}, new double[] {1, 2, 3}))
        .isInstanceOf(ConfigException.class)
        .hasMessage("fitSamples must exceed latentDim + 1 = 3 for the regression, found 3");
  }

  @Test
  void theMeanDifferenceIsTheTargetMeanMinusTheSourceMean() {
    double[][] z = {{1, 2}, {3, 6}, {-1, 0}, {5, 5}, {0, -4}};
    boolean[] target = {true, true, false, false, false};
    boolean[] source = {false, false, true, false, true};
    // target mean (2, 4), source mean (-0.5, -2); row 3 is neither
    assertThat(LatentArithmetic.meanDifference(z, target, source)).containsExactly(2.5, 6.0);
    assertThatThrownBy(() -> LatentArithmetic.meanDifference(z, new boolean[5], source))
        .isInstanceOf(ConfigException.class).hasMessage("the classifier assigned 0 of 5 draws to the target and 2 to the"
            + " source; the difference of means needs both (raise fitSamples, or use method: regression)");
  }

  @Test
  void theLogOddsAreTheTargetLogitMinusTheLogSumExpOfEveryOtherClass() {
    // Three classes without hidden layers on one input x: logits (x, 2x, -x) + (0, 1, 0).
    ByteBuffer bytes = ByteBuffer.allocate(8 * 6).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putDouble(1).putDouble(2).putDouble(-1).putDouble(0).putDouble(1).putDouble(0);
    FeatureClassifier c = FeatureClassifier.fromBytes(1, List.of(), 3, bytes.array());
    INDArray x = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{0.5}, {-2}});
    var judged = LatentArithmetic.judge(c, x, new Attribute(1, null));
    assertThat(judged.predicted()).containsExactly(1, 2);
    assertThat(judged.logOdds()[0]).isCloseTo(2.0 - Math.log(Math.exp(0.5) + Math.exp(-0.5)), within(1e-12));
    assertThat(judged.logOdds()[1]).isCloseTo(-3.0 - Math.log(Math.exp(-2) + Math.exp(2)), within(1e-12));
    // The source chooses the edited draws, not the log-odds.
    assertThat(LatentArithmetic.judge(c, x, new Attribute(1, 2)).logOdds()).containsExactly(judged.logOdds());
  }

  @Test
  void bothMethodsFindThePlantedDirectionThroughGeneratorAndClassifier() {
    // log-odds of class 1 = x0 - 2 x1 - 2 = z0 - 2 z1: the direction (1, -2, 0, 0) / sqrt(5)
    FeatureClassifier classifier = linear(1, -2, -2);
    Attribute attribute = new Attribute(1, 0);
    var regression = LatentArithmetic.fit(stub(), classifier, attribute, Method.REGRESSION, 500, RandomSource.seeded(1));
    double s = Math.sqrt(5);
    assertThat(regression.vector()).containsExactly(new double[] {1 / s, -2 / s, 0, 0}, within(1e-5));
    assertThat(regression.norm()).isCloseTo(s, within(1e-4));
    assertThat(regression.r2()).isCloseTo(1.0, within(1e-9));
    assertThat(regression.targetShare() + regression.sourceShare()).isEqualTo(1.0);
    // The class means of z differ along (1, -2) in the judged dimensions and by chance only in the others.
    var means = LatentArithmetic.fit(stub(), classifier, attribute, Method.MEAN_DIFFERENCE, 4000, RandomSource.seeded(1));
    double[] v = means.vector();
    assertThat(v[1] / v[0]).isCloseTo(-2.0, within(0.15));
    assertThat(Math.abs(v[2]) + Math.abs(v[3])).isLessThan(0.15 * Math.abs(v[0]));
    assertThat(means.r2()).isNaN();
  }

  @Test
  void theMetricMovesEverySourceDrawOverTheBoundaryAtALargeEnoughAlpha() {
    FeatureClassifier classifier = linear(1, -2, -2);
    var metric = new LatentArithmetic.EditMetric(new EditConfigs.LatentArithmeticMetric(1, 0, Method.REGRESSION, 200,
        List.of(0.0, 12.0), 300));
    Map<String, Double> result = metric.measure(stub(), classifier, RandomSource.seeded(2));
    assertThat(result.keySet()).containsExactly("edit/fit/target_share", "edit/fit/source_share", "edit/direction_norm",
        "edit/fit/r2", "edit/alpha_0/target_share", "edit/alpha_0/source_share", "edit/alpha_0/change",
        "edit/alpha_12/target_share", "edit/alpha_12/source_share", "edit/alpha_12/change");
    assertThat(result.get("edit/alpha_0/target_share")).isEqualTo(0.0);
    assertThat(result.get("edit/alpha_0/source_share")).isEqualTo(1.0);
    assertThat(result.get("edit/alpha_0/change")).isEqualTo(0.0);
    // Each log-odds below 0 rises by 12 sqrt(5) = 26.8, twelve standard deviations of z0 - 2 z1.
    assertThat(result.get("edit/alpha_12/target_share")).isEqualTo(1.0);
    // x moves by 12 (1, -2) / sqrt(5): mean absolute change (12 + 24) / sqrt(5) / 2 per value
    assertThat(result.get("edit/alpha_12/change")).isCloseTo(18 / Math.sqrt(5), within(1e-4));
  }

  @Test
  void theGridShowsEachSourceDrawThenItsEditAtEveryAlpha() {
    // Training data the platform classifier learns: class 1 where x0 - 2 x1 > 2, on the stub's outputs.
    int n = 400;
    float[] values = new float[2 * n];
    RandomSource.seeded(6).fillNormal(values);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      values[2 * i] += 2;
      labels[i] = values[2 * i] - 2 * values[2 * i + 1] > 2 ? 1 : 0;
    }
    Examples train = new Examples(new DataInfo(new long[] {2}, -4, 4, false, 2), values, labels, n);
    List<Double> alphas = List.of(0.0, 1.5, 3.0);
    var sampler = new LatentArithmetic.EditSampler(new EditConfigs.LatentArithmetic(1, 0, Method.REGRESSION, 300, alphas, 5));
    var context = new Sampler.SamplingContext(train, train, RandomSource.seeded(4));
    sampler.fit(stub(), context);
    Samples samples = sampler.sample(stub(), context);
    Samples grid = samples.figures().get("grid");
    assertThat(grid.columns()).isEqualTo(4);
    assertThat(grid.values().shape()).containsExactly(20, 2);
    double[][] g = grid.values().toDoubleMatrix();
    double[] step = {g[2][0] - g[0][0], g[2][1] - g[0][1]};
    // The direction has unit length in z; the stub shows its first two components.
    assertThat(Math.hypot(step[0], step[1])).isGreaterThan(0.5 * 1.5).isLessThanOrEqualTo(1.5 + 1e-5);
    for (int r = 0; r < 5; r++) {
      assertThat(g[4 * r + 1]).as("row " + r + " alpha 0").containsExactly(g[4 * r], within(1e-6));
      for (int a = 1; a < 3; a++) {
        double scale = alphas.get(a) / 1.5;
        assertThat(g[4 * r + 1 + a]).as("row " + r + " alpha " + alphas.get(a))
            .containsExactly(new double[] {g[4 * r][0] + scale * step[0], g[4 * r][1] + scale * step[1]}, within(1e-5));
      }
      assertThat(samples.values().getRow(r).toDoubleVector()).containsExactly(g[4 * r + 3], within(0.0));
    }
    assertThat(samples.labels()).containsOnly(1).hasSize(5);
    assertThat(sampler.representative()).isFalse();
  }

  @Test
  void tooFewDrawsOfTheSourceAreReportedWithTheCounts() {
    // Every draw's log-odds of class 1 are far above 0: no draw of class 0.
    var metric = new LatentArithmetic.EditMetric(new EditConfigs.LatentArithmeticMetric(1, 0, Method.REGRESSION, 50,
        List.of(1.0), 3));
    assertThatThrownBy(() -> metric.measure(stub(), linear(0.001, 0, 100), RandomSource.seeded(1)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the classifier assigned 0 of 1024 prior draws to class 0, fewer than the 3 to edit");
  }

  @Test
  void configsRefuseBadAttributesAndAlphas() {
    List<Double> alphas = List.of(0.0, 1.0);
    assertThatThrownBy(() -> new EditConfigs.LatentArithmetic(-1, null, Method.REGRESSION, 100, alphas, 4))
        .isInstanceOf(ConfigException.class).hasMessage("target must be >= 0, found -1");
    assertThatThrownBy(() -> new EditConfigs.LatentArithmeticMetric(3, 3, Method.REGRESSION, 100, alphas, 4))
        .hasMessage("source must differ from target (both are 3); leave source out (null) to move from every other class");
    assertThatThrownBy(() -> new EditConfigs.LatentArithmetic(1, null, Method.REGRESSION, 100, List.of(), 4))
        .hasMessage("alphas must list 1 to 16 edit strengths, found 0");
    assertThatThrownBy(() -> new EditConfigs.LatentArithmeticMetric(1, null, Method.MEAN_DIFFERENCE, 100,
        List.of(1.0, Double.POSITIVE_INFINITY), 4)).hasMessage("alphas must be finite numbers, found Infinity in [1.0, Infinity]");
    assertThatThrownBy(() -> new EditConfigs.LatentArithmetic(1, null, Method.REGRESSION, 100, List.of(2.0, 2.0), 4))
        .hasMessage("alphas must be distinct, found 2.0 twice in [2.0, 2.0]");
    assertThatThrownBy(() -> new EditConfigs.LatentArithmetic(1, null, null, 100, alphas, 4)).hasMessageContaining("method");
    assertThatThrownBy(() -> new EditConfigs.LatentArithmetic(1, null, Method.REGRESSION, 0, alphas, 4))
        .hasMessageContaining("fitSamples");
    assertThatThrownBy(() -> new EditConfigs.LatentArithmeticMetric(1, null, Method.REGRESSION, 10, alphas, 0))
        .hasMessageContaining("samples");
  }

  @Test
  void conditionalGansOtherFamiliesUnlabelledDataAndUnknownClassesAreRefused() {
    var sampler = new LatentArithmetic.EditSampler(EditConfigs.LatentArithmetic.DEFAULTS);
    var metric = new LatentArithmetic.EditMetric(new EditConfigs.LatentArithmeticMetric(9, 2, Method.REGRESSION, 100,
        List.of(1.0), 4));
    var gan = SamplingStubs.Gan.unconditional(4);
    assertThat(sampler.incompatibility(gan)).isEmpty();
    String conditional = "latent-arithmetic needs an unconditional GAN (mlp-gan, dcgan, energy-gan): a cgan or acgan"
        + " sets the class with its label and an infogan with its code; use class-sweep";
    assertThat(sampler.incompatibility(new SamplingStubs.Gan(4, GanModel.Conditioning.CGAN, 0, 0, 0))).contains(conditional);
    assertThat(metric.incompatibility(new SamplingStubs.Gan(4, GanModel.Conditioning.INFOGAN, 0, 3, 0))).contains(conditional);
    assertThat(metric.incompatibility(new SamplingStubs.NotAGan()))
        .hasValueSatisfying(why -> assertThat(why).startsWith("latent-arithmetic needs a GAN-family model"));
    assertThat(metric.incompatibility(gan, new DataInfo(new long[] {2}, -1, 1, false, 4)))
        .contains("latent-arithmetic target 9 and source 2 must be classes of the data (0..3)");
    assertThat(sampler.incompatibility(gan, new DataInfo(new long[] {2}, -1, 1, false, 0)))
        .contains("latent-arithmetic needs labelled data: its classifier learns the classes from the training labels");
    assertThat(sampler.incompatibility(gan, new DataInfo(new long[] {2}, -1, 1, false, 2))).isEmpty();
  }

  @Test
  void alphaKeysAreShortAndSafe() {
    assertThat(LatentArithmetic.alphaKey(-0.0)).isEqualTo("0");
    assertThat(LatentArithmetic.alphaKey(4.0)).isEqualTo("4");
    assertThat(LatentArithmetic.alphaKey(-1.25)).isEqualTo("-1.25");
  }
}
