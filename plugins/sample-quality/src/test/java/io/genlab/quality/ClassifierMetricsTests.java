package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.RandomSource;
import io.genlab.api.Samples;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.quality.internal.ClassifierMetrics;
import io.genlab.quality.internal.Metrics;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The classifier-based sample metrics end to end on the tiny images: keys, ceilings, refusals. */
class ClassifierMetricsTests {
  /** The tiny classifier of FrechetDistanceTests: trains in milliseconds and separates the 4 classes. */
  private static final MetricConfigs.ClassifierAccuracy ACCURACY =
      new MetricConfigs.ClassifierAccuracy(32, List.of(16, 8), 20, 8, 1e-2, 0);

  private static final Examples DATA = TinyData.labelledImages();
  private static final String CHECKSUM = FeatureClassifier.train(DATA, ACCURACY.training()).checksum();

  private static EvaluationContext context() {
    return new EvaluationContext(DATA, DATA, RandomSource.seeded(3));
  }

  /** The tiny images as samples, labelled {@code label(true label)}. */
  private static Samples relabelled(java.util.function.IntUnaryOperator label) {
    int[] labels = new int[DATA.count()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label.applyAsInt(DATA.labels()[i]);
    }
    return new Samples(DATA.range(0, DATA.count()), labels, 8);
  }

  // ---- classifier-accuracy

  @Test
  void correctlyLabelledSamplesScoreOneAndMislabelledOnesZero() {
    var metric = new ClassifierMetrics.ClassifierAccuracy(ACCURACY);
    Map<String, Double> right = metric.evaluate(relabelled(c -> c), context());
    assertThat(right).containsExactly(Map.entry("classifier/" + CHECKSUM + "/sample_accuracy", 1.0),
        Map.entry("classifier/" + CHECKSUM + "/test_accuracy", 1.0));
    Map<String, Double> wrong = metric.evaluate(relabelled(c -> (c + 1) % 4), context());
    assertThat(wrong).containsEntry("classifier/" + CHECKSUM + "/sample_accuracy", 0.0)
        .containsEntry("classifier/" + CHECKSUM + "/test_accuracy", 1.0);
    // Half the labels right: every other sample keeps its class.
    int[] at = {0};
    Map<String, Double> half = metric.evaluate(relabelled(c -> at[0]++ % 2 == 0 ? c : (c + 2) % 4), context());
    assertThat(half).containsEntry("classifier/" + CHECKSUM + "/sample_accuracy", 0.5);
  }

  @Test
  void theClassifierIsFrechetDistancesSoTheKeysShareItsChecksum() {
    var frechet = new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 8, 1e-2, 0);
    assertThat(new Metrics.FrechetDistance(frechet).evaluate(relabelled(c -> c), context()))
        .containsKey("frechet/" + CHECKSUM + "/distance");
    assertThat(MetricConfigs.ClassifierAccuracy.DEFAULTS.training())
        .isEqualTo(MetricConfigs.FrechetDistance.DEFAULTS.training());
  }

  @Test
  void samplesWithoutLabelsGetNoKeysAndBadLabelsAreRefused() {
    var metric = new ClassifierMetrics.ClassifierAccuracy(ACCURACY);
    Samples unlabelled = new Samples(DATA.range(0, DATA.count()), null, 8);
    assertThat(metric.evaluate(unlabelled, context())).as("an unconditional sampler beside conditional ones").isEmpty();
    assertThatThrownBy(() -> metric.evaluate(relabelled(c -> c == 3 ? 4 : c), context()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("classifier-accuracy needs sample labels in [0, 4) (the data's classes), found 4 for sample ");
    assertThatThrownBy(() -> new ClassifierMetrics.ClassifierAccuracy(new MetricConfigs.ClassifierAccuracy(33,
        List.of(16, 8), 20, 8, 1e-2, 0)).evaluate(relabelled(c -> c), context()))
        .hasMessage("classifier-accuracy needs 33 samples, found 32");
  }

  @Test
  void unlabelledTrainingDataIsRefusedBeforeAndAtEvaluation() {
    DataInfo plain = new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0);
    Examples unlabelled = new Examples(plain, DATA.values(), null, DATA.count());
    var metric = new ClassifierMetrics.ClassifierAccuracy(ACCURACY);
    assertThat(metric.incompatibility(null, plain)).contains(
        "classifier-accuracy needs labelled training data to train its feature classifier, found unlabelled data");
    assertThat(metric.incompatibility(null, DATA.info())).isEmpty();
    assertThatThrownBy(() -> metric.evaluate(relabelled(c -> c), new EvaluationContext(unlabelled, unlabelled,
        RandomSource.seeded(1)))).isInstanceOf(ConfigException.class)
        .hasMessage("classifier-accuracy needs labelled training data to train its feature classifier, found unlabelled data");
    // An unlabelled test split has no ceiling to log.
    assertThat(metric.evaluate(relabelled(c -> c), new EvaluationContext(DATA, unlabelled, RandomSource.seeded(1))))
        .containsOnlyKeys("classifier/" + CHECKSUM + "/sample_accuracy");
  }

  // ---- inception-score, kid, precision-recall

  private static Samples noise(int n) {
    return new Samples(RandomSource.seeded(8).uniform(n, 1, 8, 8), null, 8);
  }

  private static Samples testSplit() {
    return new Samples(DATA.range(0, DATA.count()), null, 8);
  }

  @Test
  void theTestSplitScoresItsOwnCeilingAndNoiseScoresLess() {
    // One split: the order does not matter, so samples equal to the test split score exactly its ceiling.
    var one = new ClassifierMetrics.InceptionScore(new MetricConfigs.InceptionScore(32, 1, List.of(16, 8), 20, 8, 1e-2, 0));
    Map<String, Double> same = one.evaluate(testSplit(), context());
    String key = "inception_score/" + CHECKSUM;
    assertThat(same).containsOnlyKeys(key + "/mean", key + "/std", key + "/test_mean", key + "/test_std");
    assertThat(same.get(key + "/mean")).isCloseTo(same.get(key + "/test_mean"), within(1e-12));
    assertThat(same.get(key + "/std")).isZero();
    // 4 balanced classes, classified confidently: close to 4.
    assertThat(same.get(key + "/test_mean")).isBetween(3.0, 4.0);
    var four = new ClassifierMetrics.InceptionScore(new MetricConfigs.InceptionScore(32, 4, List.of(16, 8), 20, 8, 1e-2, 0));
    Map<String, Double> split = four.evaluate(noise(32), context());
    assertThat(split.get(key + "/mean")).isBetween(1.0, split.get(key + "/test_mean"));
    assertThat(split.get(key + "/std")).isPositive();
    assertThat(four.evaluate(noise(32), context())).isEqualTo(split);
  }

  @Test
  void theInceptionScoreCeilingNeedsAsManyTestExamplesAsSplits() {
    var metric = new ClassifierMetrics.InceptionScore(new MetricConfigs.InceptionScore(40, 8, List.of(16, 8), 20, 8, 1e-2, 0));
    Examples fewTests = DATA.head(7);
    Map<String, Double> values = metric.evaluate(noise(40), new EvaluationContext(DATA, fewTests, RandomSource.seeded(1)));
    assertThat(values).containsOnlyKeys("inception_score/" + CHECKSUM + "/mean", "inception_score/" + CHECKSUM + "/std");
  }

  @Test
  void kidIsNearZeroForTheTestSplitItselfAndLargeForNoise() {
    var metric = new ClassifierMetrics.Kid(new MetricConfigs.Kid(32, 20, 16, List.of(16, 8), 20, 8, 1e-2, 0));
    String key = "kid/" + CHECKSUM;
    Map<String, Double> same = metric.evaluate(testSplit(), context());
    assertThat(same).containsOnlyKeys(key + "/mean", key + "/std");
    Map<String, Double> far = metric.evaluate(noise(32), context());
    assertThat(Math.abs(same.get(key + "/mean"))).isLessThan(far.get(key + "/mean") / 10);
    assertThat(far.get(key + "/std")).isPositive();
    // The subsets come from the context's random source: the same source, the same numbers.
    assertThat(metric.evaluate(noise(32), context())).isEqualTo(far);
    assertThat(metric.evaluate(noise(32), new EvaluationContext(DATA, DATA, RandomSource.seeded(4))))
        .isNotEqualTo(far);
    // Subsets larger than the sets shrink to them: 32 rows a side, every subset the whole set, no spread.
    var whole = new ClassifierMetrics.Kid(new MetricConfigs.Kid(32, 5, 1000, List.of(16, 8), 20, 8, 1e-2, 0));
    Map<String, Double> wholes = whole.evaluate(noise(32), context());
    // (the subsets' orders differ, so their sums round differently)
    assertThat(wholes.get(key + "/std")).isLessThan(1e-9 * wholes.get(key + "/mean"));
  }

  @Test
  void precisionRecallIsFullForTheTestSplitAndLowForNoise() {
    var metric = new ClassifierMetrics.PrecisionRecall(new MetricConfigs.PrecisionRecall(32, 3, List.of(16, 8), 20, 8,
        1e-2, 0));
    String key = "prdc/" + CHECKSUM;
    Map<String, Double> same = metric.evaluate(testSplit(), context());
    assertThat(same).containsOnlyKeys(key + "/precision", key + "/recall", key + "/density", key + "/coverage");
    assertThat(same.get(key + "/precision")).isEqualTo(1.0);
    assertThat(same.get(key + "/recall")).isEqualTo(1.0);
    assertThat(same.get(key + "/coverage")).isEqualTo(1.0);
    Map<String, Double> far = metric.evaluate(noise(32), context());
    assertThat(far.get(key + "/precision")).isLessThan(1.0);
    assertThat(far.get(key + "/coverage")).isLessThan(1.0);
    assertThatThrownBy(() -> metric.evaluate(noise(32), new EvaluationContext(DATA, DATA.head(3),
        RandomSource.seeded(1)))).isInstanceOf(ConfigException.class)
        .hasMessage("precision-recall with k = 3 needs more than 3 test examples, found 3");
  }

  @Test
  void everyClassifierMetricNeedsLabelledTrainingData() {
    DataInfo plain = new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0);
    Examples unlabelled = new Examples(plain, DATA.values(), null, DATA.count());
    var context = new EvaluationContext(unlabelled, unlabelled, RandomSource.seeded(1));
    Map<String, io.genlab.api.SampleMetric> metrics = Map.of(
        "inception-score", new ClassifierMetrics.InceptionScore(MetricConfigs.InceptionScore.DEFAULTS),
        "kid", new ClassifierMetrics.Kid(MetricConfigs.Kid.DEFAULTS),
        "precision-recall", new ClassifierMetrics.PrecisionRecall(MetricConfigs.PrecisionRecall.DEFAULTS));
    metrics.forEach((name, metric) -> {
      String message = name + " needs labelled training data to train its feature classifier, found unlabelled data";
      assertThat(metric.incompatibility(null, plain)).as(name).contains(message);
      assertThatThrownBy(() -> metric.evaluate(noise(32), context)).as(name).hasMessage(message);
    });
  }
}
