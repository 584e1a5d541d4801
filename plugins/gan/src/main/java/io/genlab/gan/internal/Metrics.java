package io.genlab.gan.internal;

import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.Model;
import io.genlab.api.TrainedModel;
import io.genlab.gan.MetricConfigs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The family's sample-based metrics: generated samples (from {@code context.random().derive("samples")})
 * against the data, compared as flattened vectors by {@link SampleDistances}.
 */
public final class Metrics {
  /** Points per set that the median-heuristic bandwidth looks at, bounding its memory. */
  static final int MEDIAN_POINTS = 1000;

  private Metrics() {}

  /** {@code n} prior samples as flattened rows. */
  private static double[][] generated(TrainedModel model, int n, EvaluationContext context) {
    return LatentDraws.samplePrior(model, n, context.random().derive("samples")).reshape(n, -1).toDoubleMatrix();
  }

  /** The first {@code n} examples of {@code split} (all when fewer) as flattened rows. */
  static double[][] rows(Examples split, int n) {
    int size = split.info().exampleSize();
    double[][] out = new double[Math.min(n, split.count())][size];
    for (int i = 0; i < out.length; i++) {
      for (int k = 0; k < size; k++) {
        out[i][k] = split.values()[i * size + k];
      }
    }
    return out;
  }

  /** The first {@code n} test examples and as many generated samples; fails with fewer than {@code min}. */
  private static double[][][] testAndGenerated(TrainedModel model, EvaluationContext context, int n, int min, String name) {
    double[][] test = rows(context.test(), n);
    if (test.length < min) {
      throw new IllegalArgumentException(name + " needs at least " + min + " test examples, found " + test.length);
    }
    return new double[][][] {generated(model, test.length, context), test};
  }

  /** The VEEGAN mode-coverage protocol against the per-class means of the labelled training split. */
  public static final class ModeCoverage implements Metric {
    private final MetricConfigs.ModeCoverage config;

    public ModeCoverage(MetricConfigs.ModeCoverage config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Examples train = context.train();
      if (train.labels() == null || train.count() == 0) {
        throw new IllegalArgumentException("mode-coverage needs labelled training data whose labels name the "
            + "modes (e.g. toy2d 8gaussians or 25gaussians), found " + (train.labels() == null ? "unlabelled data"
            : "an empty training split"));
      }
      double[][] points = rows(train, train.count());
      int classes = train.info().numClasses();
      double[][] modes = SampleDistances.classMeans(points, train.labels(), classes);
      double std = config.std() > 0 ? config.std() : SampleDistances.pooledStd(points, train.labels(), classes);
      var coverage = SampleDistances.modeCoverage(generated(model, config.samples(), context), modes,
          config.stdMultiple() * std, config.minSamplesPerMode());
      Map<String, Double> result = new LinkedHashMap<>();
      result.put("modes/covered", (double) coverage.covered());
      result.put("modes/total", (double) coverage.total());
      result.put("modes/high_quality", coverage.highQuality());
      return result;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return LatentDraws.incompatibility(model, "mode-coverage");
    }
  }

  /** Unbiased MMD^2 between generated samples and test examples. */
  public static final class Mmd implements Metric {
    private final MetricConfigs.Mmd config;

    public Mmd(MetricConfigs.Mmd config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      double[][][] sets = testAndGenerated(model, context, config.samples(), 2, "mmd");
      double[] bandwidths = config.bandwidths().isEmpty()
          ? new double[] {SampleDistances.medianDistance(head(sets[0]), head(sets[1]))}
          : config.bandwidths().stream().mapToDouble(Double::doubleValue).toArray();
      return Map.of("mmd2", SampleDistances.mmd2(sets[0], sets[1], bandwidths));
    }

    private static double[][] head(double[][] set) {
      return java.util.Arrays.copyOf(set, Math.min(set.length, MEDIAN_POINTS));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return LatentDraws.incompatibility(model, "mmd");
    }
  }

  /** Sliced 1-Wasserstein distance between generated samples and test examples. */
  public static final class SlicedWasserstein implements Metric {
    private final MetricConfigs.SlicedWasserstein config;

    public SlicedWasserstein(MetricConfigs.SlicedWasserstein config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      double[][][] sets = testAndGenerated(model, context, config.samples(), 1, "sliced-wasserstein");
      double[][] directions = SampleDistances.randomDirections(config.projections(),
          context.test().info().exampleSize(), context.random().derive("directions"));
      return Map.of("sliced_wasserstein", SampleDistances.slicedWasserstein(sets[0], sets[1], directions));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return LatentDraws.incompatibility(model, "sliced-wasserstein");
    }
  }
}
