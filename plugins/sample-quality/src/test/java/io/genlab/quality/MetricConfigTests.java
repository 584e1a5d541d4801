package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.engine.config.ConfigBinder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metric configs reject bad values with messages naming field, value and rule; defaults are documented. */
class MetricConfigTests {

  private static void rejects(Runnable create, String field, String message) {
    assertThatThrownBy(create::run).isInstanceOf(ConfigException.class).hasMessage(message)
        .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
  }

  @Test
  void distanceConfigsRejectBadValues() {
    rejects(() -> new MetricConfigs.ModeCoverage(-5, 3, 1, 0), "samples", "samples must be > 0, found -5");
    rejects(() -> new MetricConfigs.ModeCoverage(100, -3, 1, 0), "stdMultiple",
        "stdMultiple must be > 0 and finite, found -3.0");
    rejects(() -> new MetricConfigs.ModeCoverage(100, 3, 0, 0), "minSamplesPerMode",
        "minSamplesPerMode must be > 0, found 0");
    rejects(() -> new MetricConfigs.ModeCoverage(100, 3, 1, -0.1), "std", "std must be >= 0 and finite, found -0.1");
    rejects(() -> new MetricConfigs.Mmd(1, List.of()), "samples", "samples must be >= 2, found 1");
    rejects(() -> new MetricConfigs.Mmd(100, List.of(1.0, -1.0)), "bandwidths",
        "bandwidths[1] must be > 0 and finite, found -1.0 in [1.0, -1.0]");
    rejects(() -> new MetricConfigs.Mmd(100, null), "bandwidths", "bandwidths must be set, found null");
    rejects(() -> new MetricConfigs.SlicedWasserstein(-1, 128), "samples", "samples must be > 0, found -1");
    rejects(() -> new MetricConfigs.SlicedWasserstein(1000, -7), "projections", "projections must be > 0, found -7");
  }

  @Test
  void frechetDistanceRejectsBadValues() {
    rejects(() -> new MetricConfigs.FrechetDistance(1, List.of(8), 1, 8, 1e-3, 0), "samples",
        "samples must be >= 2, found 1");
    rejects(() -> new MetricConfigs.FrechetDistance(10, List.of(), 1, 8, 1e-3, 0), "hidden",
        "hidden must not be empty, found []");
    rejects(() -> new MetricConfigs.FrechetDistance(10, List.of(16, 0), 1, 8, 1e-3, 0), "hidden",
        "hidden[1] must be > 0, found 0 in [16, 0]");
    rejects(() -> new MetricConfigs.FrechetDistance(10, null, 1, 8, 1e-3, 0), "hidden", "hidden must be set, found null");
    rejects(() -> new MetricConfigs.FrechetDistance(10, List.of(8), 0, 8, 1e-3, 0), "epochs",
        "epochs must be > 0, found 0");
    rejects(() -> new MetricConfigs.FrechetDistance(10, List.of(8), 1, -1, 1e-3, 0), "batchSize",
        "batchSize must be > 0, found -1");
    rejects(() -> new MetricConfigs.FrechetDistance(10, List.of(8), 1, 8, 0, 0), "learningRate",
        "learningRate must be > 0 and finite, found 0.0");
    rejects(() -> new MetricConfigs.FrechetDistance(10, List.of(8), 1, 8, Double.NaN, 0), "learningRate",
        "learningRate must be > 0 and finite, found NaN");
  }

  @Test
  void classifierMetricsRejectBadValues() {
    rejects(() -> new MetricConfigs.ClassifierAccuracy(0, List.of(8), 1, 8, 1e-3, 0), "samples",
        "samples must be > 0, found 0");
    rejects(() -> new MetricConfigs.ClassifierAccuracy(10, List.of(8, -2), 1, 8, 1e-3, 0), "hidden",
        "hidden[1] must be > 0, found -2 in [8, -2]");
    rejects(() -> new MetricConfigs.ClassifierAccuracy(10, List.of(8), -1, 8, 1e-3, 0), "epochs",
        "epochs must be > 0, found -1");
    rejects(() -> new MetricConfigs.ClassifierAccuracy(10, List.of(8), 1, 0, 1e-3, 0), "batchSize",
        "batchSize must be > 0, found 0");
    rejects(() -> new MetricConfigs.ClassifierAccuracy(10, List.of(8), 1, 8, -1, 0), "learningRate",
        "learningRate must be > 0 and finite, found -1.0");
    rejects(() -> new MetricConfigs.InceptionScore(10, 0, List.of(8), 1, 8, 1e-3, 0), "splits",
        "splits must be > 0, found 0");
    rejects(() -> new MetricConfigs.InceptionScore(9, 10, List.of(8), 1, 8, 1e-3, 0), "samples",
        "samples must be >= splits (10), found 9");
    rejects(() -> new MetricConfigs.InceptionScore(10, 10, List.of(), 1, 8, 1e-3, 0), "hidden",
        "hidden must not be empty, found []");
    rejects(() -> new MetricConfigs.Kid(1, 100, 1000, List.of(8), 1, 8, 1e-3, 0), "samples",
        "samples must be >= 2, found 1");
    rejects(() -> new MetricConfigs.Kid(100, 0, 1000, List.of(8), 1, 8, 1e-3, 0), "subsets",
        "subsets must be > 0, found 0");
    rejects(() -> new MetricConfigs.Kid(100, 100, 1, List.of(8), 1, 8, 1e-3, 0), "subsetSize",
        "subsetSize must be >= 2, found 1");
    rejects(() -> new MetricConfigs.Kid(100, 100, 1000, List.of(8), 0, 8, 1e-3, 0), "epochs",
        "epochs must be > 0, found 0");
    rejects(() -> new MetricConfigs.PrecisionRecall(100, 0, List.of(8), 1, 8, 1e-3, 0), "k", "k must be > 0, found 0");
    rejects(() -> new MetricConfigs.PrecisionRecall(3, 3, List.of(8), 1, 8, 1e-3, 0), "samples",
        "samples must be > k (3), found 3");
    rejects(() -> new MetricConfigs.PrecisionRecall(20_001, 3, List.of(8), 1, 8, 1e-3, 0), "samples",
        "samples must be at most 20000, found 20001 (the pairwise distances grow with samples squared: 20000 take "
            + "about a minute of one core)");
    rejects(() -> new MetricConfigs.PrecisionRecall(100, 3, List.of(8), 1, 0, 1e-3, 0), "batchSize",
        "batchSize must be > 0, found 0");
  }

  @Test
  void defaultsAreThoseDocumented() {
    assertThat(MetricConfigs.ModeCoverage.DEFAULTS).isEqualTo(new MetricConfigs.ModeCoverage(2500, 3.0, 1, 0.0));
    assertThat(MetricConfigs.Mmd.DEFAULTS).isEqualTo(new MetricConfigs.Mmd(1000, List.of()));
    assertThat(MetricConfigs.SlicedWasserstein.DEFAULTS).isEqualTo(new MetricConfigs.SlicedWasserstein(1000, 128));
    assertThat(MetricConfigs.FrechetDistance.DEFAULTS)
        .isEqualTo(new MetricConfigs.FrechetDistance(2000, List.of(256, 128), 3, 128, 1e-3, 0));
    assertThat(MetricConfigs.ClassifierAccuracy.DEFAULTS)
        .isEqualTo(new MetricConfigs.ClassifierAccuracy(2000, List.of(256, 128), 3, 128, 1e-3, 0));
    assertThat(MetricConfigs.InceptionScore.DEFAULTS)
        .isEqualTo(new MetricConfigs.InceptionScore(2000, 10, List.of(256, 128), 3, 128, 1e-3, 0));
    assertThat(MetricConfigs.Kid.DEFAULTS)
        .isEqualTo(new MetricConfigs.Kid(2000, 100, 1000, List.of(256, 128), 3, 128, 1e-3, 0));
    assertThat(MetricConfigs.PrecisionRecall.DEFAULTS)
        .isEqualTo(new MetricConfigs.PrecisionRecall(2000, 3, List.of(256, 128), 3, 128, 1e-3, 0));
    // Every classifier metric defaults to frechet-distance's classifier: one checksum, one cache file.
    assertThat(List.of(MetricConfigs.InceptionScore.DEFAULTS.training(), MetricConfigs.Kid.DEFAULTS.training(),
        MetricConfigs.PrecisionRecall.DEFAULTS.training())).containsOnly(MetricConfigs.FrechetDistance.DEFAULTS.training());
  }

  @Test
  void listsBindFromASpecAndAreCopied() {
    List<Double> given = new ArrayList<>(Arrays.asList(0.5, 2.0));
    MetricConfigs.Mmd mmd = new MetricConfigs.Mmd(10, given);
    given.set(0, -1.0);
    assertThat(mmd.bandwidths()).containsExactly(0.5, 2.0);
    assertThat(ConfigBinder.bind(MetricConfigs.Mmd.DEFAULTS, Map.of("bandwidths", List.of(0.5, 2)), "mmd"))
        .isEqualTo(new MetricConfigs.Mmd(1000, List.of(0.5, 2.0)));
    assertThat(ConfigBinder.bind(MetricConfigs.Mmd.DEFAULTS, ConfigBinder.toMap(MetricConfigs.Mmd.DEFAULTS), "mmd"))
        .isEqualTo(MetricConfigs.Mmd.DEFAULTS);

    List<Integer> hidden = new ArrayList<>(List.of(64, 32));
    MetricConfigs.FrechetDistance fd = new MetricConfigs.FrechetDistance(10, hidden, 1, 8, 1e-3, 0);
    hidden.set(0, -1);
    assertThat(fd.hidden()).containsExactly(64, 32);
    assertThat(ConfigBinder.bind(MetricConfigs.FrechetDistance.DEFAULTS,
        Map.of("hidden", List.of(64), "seed", 7, "learningRate", 0.01), "frechet-distance"))
        .isEqualTo(new MetricConfigs.FrechetDistance(2000, List.of(64), 3, 128, 0.01, 7));
  }
}
