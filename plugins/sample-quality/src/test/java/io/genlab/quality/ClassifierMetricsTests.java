package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void samplesWithoutLabelsAreRefusedNamingWhatIsNeeded() {
    var metric = new ClassifierMetrics.ClassifierAccuracy(ACCURACY);
    Samples unlabelled = new Samples(DATA.range(0, DATA.count()), null, 8);
    assertThatThrownBy(() -> metric.evaluate(unlabelled, context())).isInstanceOf(ConfigException.class)
        .hasMessage("classifier-accuracy needs labelled samples (a conditional, guided or edited sampler, whose "
            + "samples carry the class they were drawn for), found samples without labels");
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
}
