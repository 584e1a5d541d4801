package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.RandomSource;
import io.genlab.gan.GanModel.Conditioning;
import io.genlab.gan.SamplingStubs.Gan;
import io.genlab.gan.SamplingStubs.NotAGan;
import io.genlab.gan.SamplingStubs.Trained;
import io.genlab.gan.internal.LatentDraws;
import io.genlab.gan.internal.Metrics;
import io.genlab.gan.internal.SampleDistances;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics end to end against a graph-free stub generator (see {@link SamplingStubs}). */
class GanMetricsTests {
  private static final DataInfo LABELLED = new DataInfo(new long[] {2}, -4, 4, false, 8);
  private static final DataInfo PLAIN = new DataInfo(new long[] {2}, -4, 4, false, 0);

  /** 8 classes of 10 points each on a circle of radius 0.05 around 8gaussians mode {@code c}. */
  private static Examples eightGaussians() {
    float[] v = new float[160];
    int[] labels = new int[80];
    for (int i = 0; i < 80; i++) {
      labels[i] = i % 8;
      double[] centre = SamplingStubs.centre(labels[i]);
      v[2 * i] = (float) (centre[0] + 0.05 * Math.cos(i));
      v[2 * i + 1] = (float) (centre[1] + 0.05 * Math.sin(i));
    }
    return new Examples(LABELLED, v, labels, 80);
  }

  private static Examples plain(double[][] rows) {
    float[] v = new float[rows.length * 2];
    for (int i = 0; i < rows.length; i++) {
      v[2 * i] = (float) rows[i][0];
      v[2 * i + 1] = (float) rows[i][1];
    }
    return new Examples(PLAIN, v, null, rows.length);
  }

  private static Metric modeCoverage(int samples, double std) {
    return new Metrics.ModeCoverage(new MetricConfigs.ModeCoverage(samples, 3.0, 1, std));
  }

  @Test
  void aGeneratorStuckOnOneModeCoversOneOfEight() {
    Trained collapsed = new Trained(Gan.unconditional(2), 0.01, 64); // 0.01 z around mode 0
    var context = new EvaluationContext(eightGaussians(), eightGaussians(), RandomSource.seeded(1));
    Map<String, Double> values = modeCoverage(300, 0).evaluate(collapsed, context);
    assertThat(values).containsExactly(Map.entry("modes/covered", 1.0), Map.entry("modes/total", 8.0),
        Map.entry("modes/high_quality", 1.0));
    assertThat(modeCoverage(300, 0).evaluate(collapsed, context)).isEqualTo(values);
  }

  @Test
  void aConditionalGeneratorWithPriorLabelsCoversEveryMode() {
    Trained cgan = new Trained(new Gan(2, Conditioning.CGAN, 8, 0, 0), 0.01, 64);
    var context = new EvaluationContext(eightGaussians(), eightGaussians(), RandomSource.seeded(2));
    assertThat(modeCoverage(300, 0).evaluate(cgan, context))
        .containsEntry("modes/covered", 8.0).containsEntry("modes/high_quality", 1.0);
  }

  @Test
  void theRadiusComesFromTheEstimatedOrTheGivenStd() {
    // Samples at (2, 0) + 1 * z: with the estimated std (about 0.035, radius about 0.1) few are high
    // quality; with std = 1 (radius 3) all but the rare samples more than 3 beyond the circle are.
    Trained wide = new Trained(Gan.unconditional(2), 1, 64);
    var context = new EvaluationContext(eightGaussians(), eightGaussians(), RandomSource.seeded(3));
    double estimated = modeCoverage(500, 0).evaluate(wide, context).get("modes/high_quality");
    double given = modeCoverage(500, 1.0).evaluate(wide, context).get("modes/high_quality");
    assertThat(estimated).isLessThan(0.2);
    assertThat(given).isGreaterThan(0.98);
  }

  @Test
  void modeCoverageNeedsLabelledData() {
    Trained model = new Trained(Gan.unconditional(2), 1, 64);
    Examples unlabelled = plain(new double[][] {{0, 0}, {1, 1}});
    assertThatThrownBy(() -> modeCoverage(10, 0).evaluate(model,
        new EvaluationContext(unlabelled, unlabelled, RandomSource.seeded(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs labelled training data whose labels name the modes")
        .hasMessageContaining("8gaussians");
  }

  @Test
  void mmdComparesWithTheFirstTestExamplesOnly() {
    Trained model = new Trained(Gan.unconditional(2), 1, 64);
    double[][] same = LatentDraws.samplePrior(model, 200, RandomSource.seeded(77)).toDoubleMatrix();
    double[][] test = new double[400][];
    for (int i = 0; i < 400; i++) {
      test[i] = i < 200 ? same[i] : new double[] {same[i - 200][0] - 4, same[i - 200][1] + 3};
    }
    var context = new EvaluationContext(plain(new double[][] {{9, 9}}), plain(test), RandomSource.seeded(4));
    double near = new Metrics.Mmd(new MetricConfigs.Mmd(200, List.of())).evaluate(model, context).get("mmd2");
    double far = new Metrics.Mmd(new MetricConfigs.Mmd(400, List.of())).evaluate(model, context).get("mmd2");
    double fixed = new Metrics.Mmd(new MetricConfigs.Mmd(400, List.of(0.5, 2.0))).evaluate(model, context).get("mmd2");
    assertThat(Math.abs(near)).isLessThan(0.02);
    assertThat(far).isGreaterThan(0.1);
    assertThat(fixed).isGreaterThan(0.1).isNotEqualTo(far);
    assertThat(new Metrics.Mmd(new MetricConfigs.Mmd(400, List.of())).evaluate(model, context)).containsOnlyKeys("mmd2")
        .containsEntry("mmd2", far);
  }

  @Test
  void mmdNeedsTwoTestExamples() {
    Trained model = new Trained(Gan.unconditional(2), 1, 64);
    Examples one = plain(new double[][] {{0, 0}});
    assertThatThrownBy(() -> new Metrics.Mmd(MetricConfigs.Mmd.DEFAULTS).evaluate(model,
        new EvaluationContext(one, one, RandomSource.seeded(1)))).hasMessage("mmd needs at least 2 test examples, found 1");
  }

  @Test
  void slicedWassersteinToATranslatedCopyOfTheSamplesIsTheMeanProjectedShift() {
    Trained model = new Trained(new Gan(2, Conditioning.ACGAN, 8, 0, 0), 1, 16);
    RandomSource random = RandomSource.seeded(5);
    // the metric draws its samples from random.derive("samples") and its directions from derive("directions")
    double[][] generated = LatentDraws.samplePrior(model, 50, random.derive("samples")).toDoubleMatrix();
    double[] t = {0.75, -1.5};
    double[][] test = new double[60][];
    for (int i = 0; i < 60; i++) {
      test[i] = i < 50 ? new double[] {generated[i][0] - t[0], generated[i][1] - t[1]} : new double[] {100, 100};
    }
    double[][] directions = SampleDistances.randomDirections(32, 2, random.derive("directions"));
    double expected = 0;
    for (double[] u : directions) {
      expected += Math.abs(t[0] * u[0] + t[1] * u[1]) / 32;
    }
    var context = new EvaluationContext(plain(test), plain(test), random);
    Map<String, Double> values = new Metrics.SlicedWasserstein(new MetricConfigs.SlicedWasserstein(50, 32))
        .evaluate(model, context);
    assertThat(values).containsOnlyKeys("sliced_wasserstein");
    assertThat(values.get("sliced_wasserstein")).isCloseTo(expected, within(1e-5));
  }

  @Test
  void metricsNeedAGan() {
    for (Metric m : List.<Metric>of(new Metrics.ModeCoverage(MetricConfigs.ModeCoverage.DEFAULTS),
        new Metrics.Mmd(MetricConfigs.Mmd.DEFAULTS), new Metrics.SlicedWasserstein(MetricConfigs.SlicedWasserstein.DEFAULTS))) {
      assertThat(m.incompatibility(new NotAGan())).get().asString().contains("needs a GAN-family model (mlp-gan, dcgan, ...)");
      assertThat(m.incompatibility(new Gan(2, Conditioning.INFOGAN, 0, 4, 1))).isEmpty();
    }
  }
}
