package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.RandomSource;
import io.genlab.api.SampleMetric;
import io.genlab.api.Samples;
import io.genlab.quality.internal.Metrics;
import io.genlab.quality.internal.SampleDistances;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Mode coverage, MMD and sliced Wasserstein end to end on samples given directly. */
class SampleMetricsTests {
  private static final DataInfo LABELLED = new DataInfo(new long[] {2}, -4, 4, false, 8);
  private static final DataInfo PLAIN = new DataInfo(new long[] {2}, -4, 4, false, 0);

  /** 8gaussians mode {@code c}: {@code 2 (cos(c pi / 4), sin(c pi / 4))}. */
  private static double[] centre(int c) {
    return new double[] {2 * Math.cos(Math.PI * c / 4), 2 * Math.sin(Math.PI * c / 4)};
  }

  /** 8 classes of 10 points each on a circle of radius 0.05 around 8gaussians mode {@code c}. */
  private static Examples eightGaussians() {
    float[] v = new float[160];
    int[] labels = new int[80];
    for (int i = 0; i < 80; i++) {
      labels[i] = i % 8;
      double[] centre = centre(labels[i]);
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

  /** {@code n} points {@code centre(mode(i)) + scale * z_i}, z standard normal from {@code seed}, as float32 rows. */
  private static double[][] around(int n, double scale, IntUnaryOperator mode, long seed) {
    float[] z = new float[2 * n];
    RandomSource.seeded(seed).fillNormal(z);
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] c = centre(mode.applyAsInt(i));
      out[i] = new double[] {(float) (c[0] + scale * z[2 * i]), (float) (c[1] + scale * z[2 * i + 1])};
    }
    return out;
  }

  /** Standard normal 2-D points from {@code seed}, as float32 rows. */
  private static double[][] normal(int n, long seed) {
    float[] z = new float[2 * n];
    RandomSource.seeded(seed).fillNormal(z);
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = new double[] {z[2 * i], z[2 * i + 1]};
    }
    return out;
  }

  private static Samples samples(double[][] rows) {
    return new Samples(Nd4j.create(rows).castTo(DataType.FLOAT), null, 8);
  }

  private static SampleMetric modeCoverage(int samples, double std) {
    return new Metrics.ModeCoverage(new MetricConfigs.ModeCoverage(samples, 3.0, 1, std));
  }

  @Test
  void samplesStuckOnOneModeCoverOneOfEight() {
    Samples collapsed = samples(around(300, 0.01, i -> 0, 1));
    var context = new EvaluationContext(eightGaussians(), eightGaussians(), RandomSource.seeded(1));
    Map<String, Double> values = modeCoverage(300, 0).evaluate(collapsed, context);
    assertThat(values).containsExactly(Map.entry("modes/covered", 1.0), Map.entry("modes/total", 8.0),
        Map.entry("modes/high_quality", 1.0));
    assertThat(modeCoverage(300, 0).evaluate(collapsed, context)).isEqualTo(values);
  }

  @Test
  void samplesOfEveryModeCoverEveryMode() {
    Samples spread = samples(around(300, 0.01, i -> i % 8, 2));
    var context = new EvaluationContext(eightGaussians(), eightGaussians(), RandomSource.seeded(2));
    assertThat(modeCoverage(300, 0).evaluate(spread, context))
        .containsEntry("modes/covered", 8.0).containsEntry("modes/high_quality", 1.0);
  }

  @Test
  void theRadiusComesFromTheEstimatedOrTheGivenStd() {
    // Samples at (2, 0) + 1 * z: with the estimated std (about 0.035, radius about 0.1) few are high
    // quality; with std = 1 (radius 3) all but the rare samples more than 3 beyond the circle are.
    Samples wide = samples(around(500, 1, i -> 0, 3));
    var context = new EvaluationContext(eightGaussians(), eightGaussians(), RandomSource.seeded(3));
    double estimated = modeCoverage(500, 0).evaluate(wide, context).get("modes/high_quality");
    double given = modeCoverage(500, 1.0).evaluate(wide, context).get("modes/high_quality");
    assertThat(estimated).isLessThan(0.2);
    assertThat(given).isGreaterThan(0.98);
  }

  @Test
  void onlyTheFirstSamplesAreJudged() {
    // 200 samples on mode 0, then 100 far from every mode: judging 200 sees only the first.
    double[][] rows = new double[300][];
    double[][] near = around(200, 0.01, i -> 0, 4);
    for (int i = 0; i < 300; i++) {
      rows[i] = i < 200 ? near[i] : new double[] {0, 0};
    }
    var context = new EvaluationContext(eightGaussians(), eightGaussians(), RandomSource.seeded(4));
    assertThat(modeCoverage(200, 0).evaluate(samples(rows), context)).containsEntry("modes/high_quality", 1.0);
    assertThat(modeCoverage(300, 0).evaluate(samples(rows), context).get("modes/high_quality"))
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(modeCoverage(1, 0).evaluate(samples(rows), context)).containsEntry("modes/covered", 1.0);
  }

  @Test
  void modeCoverageNeedsLabelledData() {
    Examples unlabelled = plain(new double[][] {{0, 0}, {1, 1}});
    assertThatThrownBy(() -> modeCoverage(10, 0).evaluate(samples(normal(10, 1)),
        new EvaluationContext(unlabelled, unlabelled, RandomSource.seeded(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs labelled training data whose labels name the modes")
        .hasMessageContaining("8gaussians");
  }

  @Test
  void mmdComparesWithTheFirstTestExamplesOnly() {
    Samples drawn = samples(normal(400, 1));
    double[][] same = normal(200, 77);
    double[][] test = new double[400][];
    for (int i = 0; i < 400; i++) {
      test[i] = i < 200 ? same[i] : new double[] {same[i - 200][0] - 4, same[i - 200][1] + 3};
    }
    var context = new EvaluationContext(plain(new double[][] {{9, 9}}), plain(test), RandomSource.seeded(4));
    double near = new Metrics.Mmd(new MetricConfigs.Mmd(200, List.of())).evaluate(drawn, context).get("mmd2");
    double far = new Metrics.Mmd(new MetricConfigs.Mmd(400, List.of())).evaluate(drawn, context).get("mmd2");
    double fixed = new Metrics.Mmd(new MetricConfigs.Mmd(400, List.of(0.5, 2.0))).evaluate(drawn, context).get("mmd2");
    assertThat(Math.abs(near)).isLessThan(0.02);
    assertThat(far).isGreaterThan(0.1);
    assertThat(fixed).isGreaterThan(0.1).isNotEqualTo(far);
    assertThat(new Metrics.Mmd(new MetricConfigs.Mmd(400, List.of())).evaluate(drawn, context)).containsOnlyKeys("mmd2")
        .containsEntry("mmd2", far);
  }

  @Test
  void mmdIsTheDistanceOfTheFirstSamplesToAsManyTestExamples() {
    // 3 test examples against the first 3 of 5 samples: the hand-checked SampleDistances.mmd2 of those sets.
    double[][] drawn = {{0, 0}, {1, 0}, {0, 2}, {50, 50}, {60, 60}};
    double[][] test = {{0, 1}, {1, 1}, {2, 2}};
    var context = new EvaluationContext(plain(test), plain(test), RandomSource.seeded(5));
    double expected = SampleDistances.mmd2(new double[][] {{0, 0}, {1, 0}, {0, 2}}, test, new double[] {1.5});
    assertThat(new Metrics.Mmd(new MetricConfigs.Mmd(10, List.of(1.5))).evaluate(samples(drawn), context))
        .containsExactly(Map.entry("mmd2", expected));
  }

  @Test
  void mmdNeedsTwoTestExamples() {
    Examples one = plain(new double[][] {{0, 0}});
    assertThatThrownBy(() -> new Metrics.Mmd(MetricConfigs.Mmd.DEFAULTS).evaluate(samples(normal(1000, 1)),
        new EvaluationContext(one, one, RandomSource.seeded(1)))).hasMessage("mmd needs at least 2 test examples, found 1");
  }

  @Test
  void metricsNeedTheirSamplesInTheDataShape() {
    Examples test = plain(normal(40, 2));
    var context = new EvaluationContext(test, test, RandomSource.seeded(1));
    assertThatThrownBy(() -> new Metrics.Mmd(new MetricConfigs.Mmd(40, List.of())).evaluate(samples(normal(30, 1)),
        context)).isInstanceOf(IllegalArgumentException.class).hasMessage("mmd needs 40 samples, found 30");
    Samples threeD = new Samples(Nd4j.zeros(DataType.FLOAT, 40, 3), null, 8);
    assertThatThrownBy(() -> new Metrics.SlicedWasserstein(new MetricConfigs.SlicedWasserstein(40, 4))
        .evaluate(threeD, context)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sliced-wasserstein needs samples of 2 values (the data's example size), found 3 values per sample");
  }

  @Test
  void slicedWassersteinToATranslatedCopyOfTheSamplesIsTheMeanProjectedShift() {
    RandomSource random = RandomSource.seeded(5);
    double[][] drawn = normal(50, 6);
    double[] t = {0.75, -1.5};
    double[][] test = new double[60][];
    for (int i = 0; i < 60; i++) {
      test[i] = i < 50 ? new double[] {drawn[i][0] - t[0], drawn[i][1] - t[1]} : new double[] {100, 100};
    }
    // the metric draws its directions from random.derive("directions"), as the GAN plugin's did
    double[][] directions = SampleDistances.randomDirections(32, 2, random.derive("directions"));
    double expected = 0;
    for (double[] u : directions) {
      expected += Math.abs(t[0] * u[0] + t[1] * u[1]) / 32;
    }
    var context = new EvaluationContext(plain(test), plain(test), random);
    Map<String, Double> values = new Metrics.SlicedWasserstein(new MetricConfigs.SlicedWasserstein(50, 32))
        .evaluate(samples(drawn), context);
    assertThat(values).containsOnlyKeys("sliced_wasserstein");
    assertThat(values.get("sliced_wasserstein")).isCloseTo(expected, within(1e-5));
  }

  @Test
  void imagesAreComparedAsFlattenedRows() {
    // [n, 1, 2, 2] samples against a [4]-shaped test split holding the same values: distance 0.
    float[] values = new float[3 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 5;
    }
    Examples images = new Examples(new DataInfo(new long[] {1, 2, 2}, 0, 4, false, 0), values, null, 3);
    Samples same = new Samples(Nd4j.create(values, new long[] {3, 1, 2, 2}, DataType.FLOAT), null, 3);
    var context = new EvaluationContext(images, images, RandomSource.seeded(7));
    assertThat(new Metrics.SlicedWasserstein(new MetricConfigs.SlicedWasserstein(3, 16)).evaluate(same, context))
        .containsExactly(Map.entry("sliced_wasserstein", 0.0));
  }

  @Test
  void everyMetricJudgesItsConfiguredNumberOfSamples() {
    assertThat(new Metrics.ModeCoverage(new MetricConfigs.ModeCoverage(123, 3, 1, 0)).sampleCount()).isEqualTo(123);
    assertThat(new Metrics.Mmd(new MetricConfigs.Mmd(45, List.of())).sampleCount()).isEqualTo(45);
    assertThat(new Metrics.SlicedWasserstein(new MetricConfigs.SlicedWasserstein(67, 8)).sampleCount()).isEqualTo(67);
    assertThat(new Metrics.FrechetDistance(new MetricConfigs.FrechetDistance(89, List.of(4), 1, 8, 1e-3, 0))
        .sampleCount()).isEqualTo(89);
  }
}
