package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.RandomSource;
import io.genlab.api.Samples;
import io.genlab.nn.features.ClassifierCache;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.quality.internal.Gaussians;
import io.genlab.quality.internal.Metrics;
import io.genlab.tck.TinyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fréchet distance: its closed forms, the metric's keys and determinism, the classifier cache. */
class FrechetDistanceTests {
  /** A classifier that trains in milliseconds on the 8x8 tiny images and separates their 4 classes. */
  private static final MetricConfigs.FrechetDistance TINY =
      new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 8, 1e-2, 0);

  @TempDir
  Path cache;

  private static Samples samplesOf(Examples e) {
    return new Samples(e.range(0, e.count()), null, 8);
  }

  private static Samples noise(int n) {
    return new Samples(RandomSource.seeded(8).uniform(n, 1, 8, 8), null, 8);
  }

  private static EvaluationContext context(Examples data, Path cacheDirectory) {
    return new EvaluationContext(data, data, RandomSource.seeded(3), cacheDirectory);
  }

  private static Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
    return new Metrics.FrechetDistance(TINY).evaluate(samples, context);
  }

  // ---- the distance itself

  @Test
  void diagonalGaussiansHaveTheClosedForm() {
    // |mu1 - mu2|^2 + sum (sqrt(a_k) - sqrt(b_k))^2 = (1 + 4 + 9) + (1 - 2)^2 + (2 - 1)^2 + (3 - 0.5)^2 = 22.25
    double[][] s1 = {{1, 0, 0}, {0, 4, 0}, {0, 0, 9}};
    double[][] s2 = {{4, 0, 0}, {0, 1, 0}, {0, 0, 0.25}};
    assertThat(Gaussians.frechetDistance(new double[] {1, 2, 3}, s1, new double[3], s2)).isCloseTo(22.25, within(1e-12));
    assertThat(Gaussians.frechetDistance(new double[3], s2, new double[] {1, 2, 3}, s1)).isCloseTo(22.25, within(1e-12));
  }

  @Test
  void nonCommutingCovariancesMatchTheirClosedForm() {
    // s1 = I, s2 = R diag(4, 0.25) R^T for a 30 degree rotation R: tr sqrt(s1^1/2 s2 s1^1/2) = 2 + 0.5,
    // so FD = |(1, -1)|^2 + (1 - 2)^2 + (1 - 0.5)^2 = 2 + 1 + 0.25 = 3.25, whichever Gaussian comes first.
    double c = Math.cos(Math.PI / 6);
    double s = Math.sin(Math.PI / 6);
    double[][] s2 = {{4 * c * c + 0.25 * s * s, (4 - 0.25) * c * s}, {(4 - 0.25) * c * s, 4 * s * s + 0.25 * c * c}};
    double[][] identity = {{1, 0}, {0, 1}};
    assertThat(Gaussians.frechetDistance(new double[] {1, -1}, identity, new double[2], s2)).isCloseTo(3.25, within(1e-12));
    assertThat(Gaussians.frechetDistance(new double[2], s2, new double[] {1, -1}, identity)).isCloseTo(3.25, within(1e-12));
  }

  @Test
  void singularCovariancesAreHandled() {
    // diag(1, 0) against diag(0, 1): s1^1/2 s2 s1^1/2 = 0, so FD = tr s1 + tr s2 = 2
    double[][] s1 = {{1, 0}, {0, 0}};
    double[][] s2 = {{0, 0}, {0, 1}};
    assertThat(Gaussians.frechetDistance(new double[2], s1, new double[2], s2)).isCloseTo(2, within(1e-12));
    assertThat(Gaussians.frechetDistance(new double[2], new double[2][2], new double[2], new double[2][2])).isZero();
  }

  @Test
  void aGaussianIsAtDistanceZeroFromItself() {
    Gaussians.Fit fit = fit(correlated(300, 6, 1), 300, 6, 300);
    assertThat(Gaussians.frechetDistance(fit, fit)).isCloseTo(0, within(1e-9));
  }

  @Test
  void batchedStatisticsEqualTheTwoPassMeanAndCovariance() {
    int n = 41;
    int dim = 5;
    double[] rows = correlated(n, dim, 2);
    for (int k = 0; k < rows.length; k++) {
      rows[k] += 1000; // a large offset is where summed squares would lose the covariance
    }
    double[] mean = new double[dim];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < dim; k++) {
        mean[k] += rows[i * dim + k] / n;
      }
    }
    double[][] cov = new double[dim][dim];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          cov[a][b] += (rows[i * dim + a] - mean[a]) * (rows[i * dim + b] - mean[b]) / (n - 1);
        }
      }
    }
    for (int batch : new int[] {1, 7, 41}) {
      Gaussians.Fit fit = fit(rows, n, dim, batch);
      assertThat(fit.count()).isEqualTo(n);
      assertThat(fit.mean()).containsExactly(mean, within(1e-9));
      for (int a = 0; a < dim; a++) {
        assertThat(fit.covariance()[a]).as("batch %d row %d", batch, a).containsExactly(cov[a], within(1e-9));
      }
    }
    assertThatThrownBy(() -> new Gaussians.Accumulator(2).fit()).hasMessage("a covariance needs at least 2 points, found 0");
  }

  /** {@code n} points of {@code dim} correlated coordinates: x_k = z_k + z_0. */
  private static double[] correlated(int n, int dim, long seed) {
    float[] z = new float[n * dim];
    RandomSource.seeded(seed).fillNormal(z);
    double[] rows = new double[n * dim];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < dim; k++) {
        rows[i * dim + k] = z[i * dim + k] + (k > 0 ? z[i * dim] : 0);
      }
    }
    return rows;
  }

  private static Gaussians.Fit fit(double[] rows, int n, int dim, int batch) {
    Gaussians.Accumulator acc = new Gaussians.Accumulator(dim);
    for (int from = 0; from < n; from += batch) {
      int m = Math.min(batch, n - from);
      acc.add(java.util.Arrays.copyOfRange(rows, from * dim, (from + m) * dim), m);
    }
    return acc.fit();
  }

  // ---- the metric

  @Test
  void theTestSplitIsAtDistanceZeroFromItselfAndNoiseIsFar() {
    Examples data = TinyData.labelledImages();
    Map<String, Double> same = evaluate(samplesOf(data), context(data, null));
    String checksum = FeatureClassifier.train(data, TINY.training()).checksum();
    assertThat(same).containsOnlyKeys("frechet/" + checksum + "/distance", "frechet/" + checksum + "/classifier_test_accuracy");
    assertThat(same.get("frechet/" + checksum + "/distance")).isCloseTo(0, within(1e-6)); // sqrt of rounding-level eigenvalues
    assertThat(same.get("frechet/" + checksum + "/classifier_test_accuracy")).isEqualTo(1.0);
    double far = evaluate(noise(32), context(data, null)).get("frechet/" + checksum + "/distance");
    assertThat(far).isGreaterThan(0.1);
  }

  @Test
  void evaluationsAreBitIdenticalAcrossInstancesAndCalls() {
    Examples data = TinyData.labelledImages();
    Metrics.FrechetDistance metric = new Metrics.FrechetDistance(TINY);
    Map<String, Double> first = metric.evaluate(noise(40), context(data, null));
    assertThat(metric.evaluate(noise(40), context(data, null))).isEqualTo(first);
    assertThat(new Metrics.FrechetDistance(TINY).evaluate(noise(40), context(data, null))).isEqualTo(first);
    // the run's random source plays no part: the classifier follows the config's seed
    assertThat(new Metrics.FrechetDistance(TINY).evaluate(noise(40),
        new EvaluationContext(data, data, RandomSource.seeded(99)))).isEqualTo(first);
  }

  @Test
  void onlyTheFirstSamplesAreJudged() {
    Examples data = TinyData.labelledImages();
    Samples forty = noise(40);
    Samples first32 = new Samples(forty.values().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32)).dup(), null, 8);
    assertThat(evaluate(forty, context(data, null))).isEqualTo(evaluate(first32, context(data, null)));
    assertThatThrownBy(() -> evaluate(noise(31), context(data, null))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frechet-distance needs 32 samples, found 31");
  }

  @Test
  void theClassifierIsCachedUnderTheKeyOfItsDataAndConfigAndReusedWithoutRetraining() throws IOException {
    Examples data = TinyData.labelledImages();
    Map<String, Double> uncached = evaluate(noise(32), context(data, null));
    Map<String, Double> stored = evaluate(noise(32), context(data, cache));
    assertThat(stored).isEqualTo(uncached);
    Path file = cache.resolve("frechet-classifiers").resolve(ClassifierCache.key(data, TINY.training()) + ".bin");
    assertThat(file).exists();
    assertThat(ClassifierCache.key(data, TINY.training())).matches("[0-9a-f]{64}");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
    // A retrain always rewrites the file: an unchanged timestamp proves the second run loaded it.
    Files.setLastModifiedTime(file, FileTime.fromMillis(0));
    byte[] bytes = Files.readAllBytes(file);
    assertThat(evaluate(noise(32), context(data, cache))).isEqualTo(uncached);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(FileTime.fromMillis(0));
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aCachedClassifierIsUsedAsFound() throws IOException {
    // Plant another seed's classifier under TINY's key: the metric's keys then carry that one's checksum.
    Examples data = TinyData.labelledImages();
    var other = new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 8, 1e-2, 7);
    ClassifierCache.loadOrTrain(cache, data, other.training());
    Files.copy(ClassifierCache.file(cache, ClassifierCache.key(data, other.training())), ClassifierCache.file(cache,
        ClassifierCache.key(data, TINY.training())));
    String planted = FeatureClassifier.train(data, other.training()).checksum();
    assertThat(planted).isNotEqualTo(FeatureClassifier.train(data, TINY.training()).checksum());
    assertThat(evaluate(noise(32), context(data, cache))).containsKey("frechet/" + planted + "/distance");
  }

  @Test
  void aDamagedCacheFileIsRetrainedAndReplaced() throws IOException {
    Examples data = TinyData.labelledImages();
    Map<String, Double> expected = evaluate(noise(32), context(data, null));
    evaluate(noise(32), context(data, cache));
    Path file = ClassifierCache.file(cache, ClassifierCache.key(data, TINY.training()));
    byte[] intact = Files.readAllBytes(file);

    Files.write(file, java.util.Arrays.copyOf(intact, intact.length - 9)); // truncated
    assertThat(evaluate(noise(32), context(data, cache))).isEqualTo(expected);
    assertThat(Files.readAllBytes(file)).isEqualTo(intact);

    byte[] flipped = intact.clone();
    flipped[17] ^= 1; // right length, wrong digest
    Files.write(file, flipped);
    assertThat(evaluate(noise(32), context(data, cache))).isEqualTo(expected);
    assertThat(Files.readAllBytes(file)).isEqualTo(intact);
  }

  @Test
  void theKeyCoversTheDataAndTheClassifierFieldsButNotTheSampleCount() {
    Examples data = TinyData.labelledImages();
    String key = ClassifierCache.key(data, TINY.training());
    assertThat(ClassifierCache.key(data, new MetricConfigs.FrechetDistance(1000, List.of(16, 8), 20, 8, 1e-2, 0).training()))
        .isEqualTo(key);
    assertThat(Stream.of(
        new MetricConfigs.FrechetDistance(32, List.of(16, 9), 20, 8, 1e-2, 0),
        new MetricConfigs.FrechetDistance(32, List.of(16), 20, 8, 1e-2, 0),
        new MetricConfigs.FrechetDistance(32, List.of(16, 8), 21, 8, 1e-2, 0),
        new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 9, 1e-2, 0),
        new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 8, 2e-2, 0),
        new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 8, 1e-2, 1)).map(c -> ClassifierCache.key(data, c.training())))
        .doesNotContain(key).doesNotHaveDuplicates();
    int[] relabelled = data.labels().clone();
    relabelled[0] = (relabelled[0] + 1) % 4;
    float[] changed = data.values().clone();
    changed[63] += 1e-3f;
    assertThat(ClassifierCache.key(new Examples(data.info(), data.values(), relabelled, data.count()), TINY.training()))
        .isNotEqualTo(key);
    assertThat(ClassifierCache.key(new Examples(data.info(), changed, data.labels(), data.count()), TINY.training()))
        .isNotEqualTo(key);
    assertThat(ClassifierCache.key(data.head(31), TINY.training())).isNotEqualTo(key);
  }

  @Test
  void theClassifierNeedsLabelledTrainingData() {
    Examples labelled = TinyData.labelledImages();
    Examples unlabelled = new Examples(new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0), labelled.values(), null,
        labelled.count());
    assertThatThrownBy(() -> evaluate(noise(32), new EvaluationContext(unlabelled, unlabelled, RandomSource.seeded(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frechet-distance needs labelled training data to train its feature classifier, found unlabelled data");
  }

  @Test
  void anUnlabelledTestSplitGivesTheDistanceOnly() {
    Examples labelled = TinyData.labelledImages();
    Examples unlabelled = new Examples(new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0), labelled.values(), null,
        labelled.count());
    Map<String, Double> values = new Metrics.FrechetDistance(TINY).evaluate(noise(32),
        new EvaluationContext(labelled, unlabelled, RandomSource.seeded(1)));
    assertThat(values).hasSize(1);
    assertThat(values.keySet().iterator().next()).matches("frechet/[0-9a-f]{12}/distance");
  }
}
