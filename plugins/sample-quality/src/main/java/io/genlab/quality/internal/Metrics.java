package io.genlab.quality.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.Model;
import io.genlab.api.SampleMetric;
import io.genlab.api.Samples;
import io.genlab.nn.features.ClassifierCache;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.quality.MetricConfigs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The sample-quality metrics: a sampler's first samples against the data, compared as flattened vectors
 * by {@link SampleDistances}, or in a trained classifier's features by {@link Gaussians}. Instances are
 * not thread-safe.
 */
public final class Metrics {
  /** Points per set that the median-heuristic bandwidth looks at, bounding its memory. */
  static final int MEDIAN_POINTS = 1000;
  /** Rows per forward pass of the feature classifier, bounding the memory of its activations. */
  static final int FEATURE_BATCH = 500;

  private Metrics() {}

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

  /**
   * The first {@code n} samples as flattened rows.
   *
   * @throws IllegalArgumentException naming {@code metric} when there are fewer samples or they do not
   *     have {@code exampleSize} values each
   */
  static double[][] sampleRows(Samples samples, int n, int exampleSize, String metric) {
    INDArray values = samples.values();
    if (samples.count() < n) {
      throw new IllegalArgumentException(metric + " needs " + n + " samples, found " + samples.count());
    }
    long size = values.length() / Math.max(1, values.size(0));
    if (size != exampleSize) {
      throw new IllegalArgumentException(metric + " needs samples of " + exampleSize
          + " values (the data's example size), found " + size + " values per sample");
    }
    INDArrayIndex[] head = new INDArrayIndex[values.rank()];
    Arrays.fill(head, NDArrayIndex.all());
    head[0] = NDArrayIndex.interval(0, n);
    return values.get(head).dup('c').reshape('c', n, exampleSize).toDoubleMatrix();
  }

  /** The first {@code n} test examples and as many samples; fails with fewer than {@code min} test examples. */
  private static double[][][] samplesAndTest(Samples samples, EvaluationContext context, int n, int min, String name) {
    double[][] test = rows(context.test(), n);
    if (test.length < min) {
      throw new ConfigException("", name + " needs at least " + min + " test examples, found " + test.length);
    }
    return new double[][][] {sampleRows(samples, test.length, context.test().info().exampleSize(), name), test};
  }

  /** The VEEGAN mode-coverage protocol against the per-class means of the labelled training split. */
  public static final class ModeCoverage implements SampleMetric {
    private final MetricConfigs.ModeCoverage config;

    public ModeCoverage(MetricConfigs.ModeCoverage config) {
      this.config = config;
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return data.numClasses() > 0 ? Optional.empty() : Optional.of("mode-coverage needs labelled training data whose labels name the modes (e.g. toy2d 8gaussians or 25gaussians), found unlabelled data");
    }

    @Override
    public int sampleCount() {
      return config.samples();
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      Examples train = context.train();
      if (train.labels() == null || train.count() == 0) {
        throw new ConfigException("", "mode-coverage needs labelled training data whose labels name the "
            + "modes (e.g. toy2d 8gaussians or 25gaussians), found " + (train.labels() == null ? "unlabelled data"
            : "an empty training split"));
      }
      double[][] points = rows(train, train.count());
      int classes = train.info().numClasses();
      double[][] modes = SampleDistances.classMeans(points, train.labels(), classes);
      double std = config.std() > 0 ? config.std() : SampleDistances.pooledStd(points, train.labels(), classes);
      double[][] judged = sampleRows(samples, config.samples(), train.info().exampleSize(), "mode-coverage");
      var coverage = SampleDistances.modeCoverage(judged, modes, config.stdMultiple() * std,
          config.minSamplesPerMode());
      Map<String, Double> result = new LinkedHashMap<>();
      result.put("modes/covered", (double) coverage.covered());
      result.put("modes/total", (double) coverage.total());
      result.put("modes/high_quality", coverage.highQuality());
      return result;
    }
  }

  /** Unbiased MMD^2 between samples and test examples. */
  public static final class Mmd implements SampleMetric {
    private final MetricConfigs.Mmd config;

    public Mmd(MetricConfigs.Mmd config) {
      this.config = config;
    }

    @Override
    public int sampleCount() {
      return config.samples();
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      double[][][] sets = samplesAndTest(samples, context, config.samples(), 2, "mmd");
      double[] bandwidths = config.bandwidths().isEmpty()
          ? new double[] {SampleDistances.medianDistance(head(sets[0]), head(sets[1]))}
          : config.bandwidths().stream().mapToDouble(Double::doubleValue).toArray();
      return Map.of("mmd2", SampleDistances.mmd2(sets[0], sets[1], bandwidths));
    }

    private static double[][] head(double[][] set) {
      return Arrays.copyOf(set, Math.min(set.length, MEDIAN_POINTS));
    }
  }

  /** Sliced 1-Wasserstein distance between samples and test examples. */
  public static final class SlicedWasserstein implements SampleMetric {
    private final MetricConfigs.SlicedWasserstein config;

    public SlicedWasserstein(MetricConfigs.SlicedWasserstein config) {
      this.config = config;
    }

    @Override
    public int sampleCount() {
      return config.samples();
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      double[][][] sets = samplesAndTest(samples, context, config.samples(), 1, "sliced-wasserstein");
      double[][] directions = SampleDistances.randomDirections(config.projections(),
          context.test().info().exampleSize(), context.random().derive("directions"));
      return Map.of("sliced_wasserstein", SampleDistances.slicedWasserstein(sets[0], sets[1], directions));
    }
  }

  /**
   * The Fréchet distance between the samples' and the whole test split's features in a classifier
   * trained on the training split ({@link FeatureClassifier}), kept in the context's cache directory
   * when it has one ({@link ClassifierCache}). Keys carry the classifier's checksum: {@code
   * frechet/<checksum>/distance} and, when the test split is labelled, {@code
   * frechet/<checksum>/classifier_test_accuracy}.
   */
  public static final class FrechetDistance implements SampleMetric {
    private final MetricConfigs.FrechetDistance config;
    // The runner evaluates one instance once per sampler on the same splits: train once per instance.
    private Examples trainedOn;
    private FeatureClassifier classifier;

    public FrechetDistance(MetricConfigs.FrechetDistance config) {
      this.config = config;
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return data.numClasses() > 0 ? Optional.empty() : Optional.of("frechet-distance needs labelled training data to train its feature classifier, found unlabelled data");
    }

    @Override
    public int sampleCount() {
      return config.samples();
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      Examples train = context.train();
      if (train.labels() == null || train.count() == 0) {
        throw new ConfigException("", "frechet-distance needs labelled training data to train its feature "
            + "classifier, found " + (train.labels() == null ? "unlabelled data" : "an empty training split"));
      }
      Examples test = context.test();
      if (test.count() < 2) {
        throw new ConfigException("", "frechet-distance needs at least 2 test examples, found " + test.count());
      }
      int size = train.info().exampleSize();
      double[][] judged = sampleRows(samples, config.samples(), size, "frechet-distance");
      FeatureClassifier c = classifier(context);
      Features ofSamples = features(c, judged.length, (i, out, at) -> System.arraycopy(judged[i], 0, out, at, size),
          null);
      float[] values = test.values();
      Features ofTest = features(c, test.count(), (i, out, at) -> {
        for (int k = 0; k < size; k++) {
          out[at + k] = values[i * size + k];
        }
      }, test.labels());
      // One folder per classifier: MLflow's file store cannot hold a key inside another.
      String key = "frechet/" + c.checksum();
      Map<String, Double> result = new LinkedHashMap<>();
      result.put(key + "/distance", Gaussians.frechetDistance(ofSamples.fit(), ofTest.fit()));
      if (test.labels() != null) {
        result.put(key + "/classifier_test_accuracy", ofTest.accuracy());
      }
      return result;
    }

    private FeatureClassifier classifier(EvaluationContext context) {
      if (classifier == null || trainedOn != context.train()) {
        classifier = context.cacheDirectory() == null ? FeatureClassifier.train(context.train(), config.training())
            : ClassifierCache.loadOrTrain(context.cacheDirectory(), context.train(), config.training());
        trainedOn = context.train();
      }
      return classifier;
    }
  }

  /** Copies row {@code i}'s values into {@code out} from {@code at}. */
  @FunctionalInterface
  interface RowSource {
    void copy(int i, double[] out, int at);
  }

  /**
   * A Gaussian fitted to the features of some rows, and the classifier's accuracy on them.
   *
   * @param accuracy the share of rows whose most likely class is their label; NaN without labels
   */
  record Features(Gaussians.Fit fit, double accuracy) {}

  /** The features of {@code count} rows, {@link #FEATURE_BATCH} at a time; {@code labels} may be {@code null}. */
  static Features features(FeatureClassifier c, int count, RowSource rows, int[] labels) {
    int inputs = c.inputs();
    int classes = c.classes();
    Gaussians.Accumulator fit = new Gaussians.Accumulator(c.featureSize());
    double[] x = new double[Math.min(count, FEATURE_BATCH) * inputs];
    int correct = 0;
    for (int from = 0; from < count; from += FEATURE_BATCH) {
      int n = Math.min(FEATURE_BATCH, count - from);
      for (int i = 0; i < n; i++) {
        rows.copy(from + i, x, i * inputs);
      }
      double[][] acts = c.forward(x, n);
      fit.add(acts[acts.length - 2], n);
      if (labels != null) {
        double[] logits = acts[acts.length - 1];
        for (int i = 0; i < n; i++) {
          int best = 0;
          for (int k = 1; k < classes; k++) {
            if (logits[i * classes + k] > logits[i * classes + best]) {
              best = k;
            }
          }
          correct += best == labels[from + i] ? 1 : 0;
        }
      }
    }
    return new Features(fit.fit(), labels == null ? Double.NaN : correct / (double) count);
  }
}
