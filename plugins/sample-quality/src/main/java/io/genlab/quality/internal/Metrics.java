package io.genlab.quality.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.Model;
import io.genlab.api.SampleMetric;
import io.genlab.api.Samples;
import io.genlab.nn.features.ClassifierCache;
import io.genlab.nn.features.ClassifierTraining;
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
    private final Judge judge;

    public FrechetDistance(MetricConfigs.FrechetDistance config) {
      this.config = config;
      this.judge = new Judge("frechet-distance", config.training());
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return judge.incompatibility(data);
    }

    @Override
    public int sampleCount() {
      return config.samples();
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      judge.requireLabelledTraining(context);
      Examples test = context.test();
      if (test.count() < 2) {
        throw new ConfigException("", "frechet-distance needs at least 2 test examples, found " + test.count());
      }
      double[][] judged = sampleRows(samples, config.samples(), test.info().exampleSize(), "frechet-distance");
      FeatureClassifier c = judge.classifier(context);
      Features ofSamples = features(c, judged.length, rowsOf(judged), null);
      Features ofTest = features(c, test.count(), rowsOf(test), test.labels());
      // One folder per classifier: MLflow's file store cannot hold a key inside another.
      String key = "frechet/" + c.checksum();
      Map<String, Double> result = new LinkedHashMap<>();
      result.put(key + "/distance", Gaussians.frechetDistance(ofSamples.fit(), ofTest.fit()));
      if (test.labels() != null) {
        result.put(key + "/classifier_test_accuracy", ofTest.accuracy());
      }
      return result;
    }
  }

  /**
   * The feature classifier a metric judges with: trained on the context's training split as {@code
   * training} says, or loaded from the context's cache directory, once per training split. Every metric
   * with the same classifier fields gets the same classifier, and so the same checksum in its keys.
   */
  static final class Judge {
    private final String metric;
    private final ClassifierTraining training;
    // The runner evaluates one instance once per sampler on the same splits: train once per instance.
    private Examples trainedOn;
    private FeatureClassifier classifier;
    // ... and embeds the same test split for every sampler: embed it once per split and classifier.
    private Examples embeddedTest;
    private FeatureClassifier embeddedBy;
    private Embedding testEmbedding;

    Judge(String metric, ClassifierTraining training) {
      this.metric = metric;
      this.training = training;
    }

    /** Why the classifier cannot be trained on data described by {@code data}, or empty. */
    Optional<String> incompatibility(DataInfo data) {
      return data.numClasses() > 0 ? Optional.empty()
          : Optional.of(metric + " needs labelled training data to train its feature classifier, found unlabelled data");
    }

    /**
     * Checks, before any costly work, that the classifier can be trained on {@code context}'s training split.
     *
     * @throws ConfigException when the training split is unlabelled or empty
     */
    void requireLabelledTraining(EvaluationContext context) {
      Examples train = context.train();
      if (train.labels() == null || train.count() == 0) {
        throw new ConfigException("", metric + " needs labelled training data to train its feature classifier, "
            + "found " + (train.labels() == null ? "unlabelled data" : "an empty training split"));
      }
    }

    /**
     * The classifier for {@code context}'s training split.
     *
     * @throws ConfigException when the training split is unlabelled or empty
     */
    FeatureClassifier classifier(EvaluationContext context) {
      requireLabelledTraining(context);
      Examples train = context.train();
      if (classifier == null || trainedOn != train) {
        classifier = context.cacheDirectory() == null ? FeatureClassifier.train(train, training)
            : ClassifierCache.loadOrTrain(context.cacheDirectory(), train, training);
        trainedOn = train;
      }
      return classifier;
    }

    /** The features and logits of {@code context}'s whole test split in {@link #classifier}'s space. */
    Embedding test(EvaluationContext context) {
      FeatureClassifier c = classifier(context);
      if (testEmbedding == null || embeddedTest != context.test() || embeddedBy != c) {
        testEmbedding = embed(c, context.test().count(), rowsOf(context.test()));
        embeddedTest = context.test();
        embeddedBy = c;
      }
      return testEmbedding;
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

  /** Rows of {@code rows}. */
  static RowSource rowsOf(double[][] rows) {
    return (i, out, at) -> System.arraycopy(rows[i], 0, out, at, rows[i].length);
  }

  /** Rows of {@code split}, widened to doubles. */
  static RowSource rowsOf(Examples split) {
    int size = split.info().exampleSize();
    float[] values = split.values();
    return (i, out, at) -> {
      for (int k = 0; k < size; k++) {
        out[at + k] = values[i * size + k];
      }
    };
  }

  /** Receives one batch of the classifier's outputs. */
  @FunctionalInterface
  interface BatchSink {
    /**
     * Takes rows {@code from .. from + n - 1}: {@code features} holds {@code n * featureSize} values,
     * {@code logits} {@code n * classes}, row after row.
     */
    void accept(int from, int n, double[] features, double[] logits);
  }

  /** Runs {@code count} rows through {@code c}, {@link #FEATURE_BATCH} at a time, into {@code sink}. */
  static void forward(FeatureClassifier c, int count, RowSource rows, BatchSink sink) {
    int inputs = c.inputs();
    double[] x = new double[Math.min(count, FEATURE_BATCH) * inputs];
    for (int from = 0; from < count; from += FEATURE_BATCH) {
      int n = Math.min(FEATURE_BATCH, count - from);
      for (int i = 0; i < n; i++) {
        rows.copy(from + i, x, i * inputs);
      }
      double[][] acts = c.forward(x, n);
      sink.accept(from, n, acts[acts.length - 2], acts[acts.length - 1]);
    }
  }

  /** The most likely class of row {@code i} of {@code logits} ({@code classes} a row); the first on ties. */
  static int argmax(double[] logits, int i, int classes) {
    int best = 0;
    for (int k = 1; k < classes; k++) {
      if (logits[i * classes + k] > logits[i * classes + best]) {
        best = k;
      }
    }
    return best;
  }

  /** The features of {@code count} rows, {@link #FEATURE_BATCH} at a time; {@code labels} may be {@code null}. */
  static Features features(FeatureClassifier c, int count, RowSource rows, int[] labels) {
    int classes = c.classes();
    Gaussians.Accumulator fit = new Gaussians.Accumulator(c.featureSize());
    int[] correct = {0};
    forward(c, count, rows, (from, n, features, logits) -> {
      fit.add(features, n);
      if (labels != null) {
        for (int i = 0; i < n; i++) {
          correct[0] += argmax(logits, i, classes) == labels[from + i] ? 1 : 0;
        }
      }
    });
    return new Features(fit.fit(), labels == null ? Double.NaN : correct[0] / (double) count);
  }

  /**
   * Every row's features and logits.
   *
   * @param features {@code [count][featureSize]}
   * @param logits {@code [count][classes]}
   */
  record Embedding(double[][] features, double[][] logits) {}

  /** The classifier's features and logits of {@code rows}, {@link #FEATURE_BATCH} at a time. */
  static Embedding embed(FeatureClassifier c, double[][] rows) {
    return embed(c, rows.length, rowsOf(rows));
  }

  /** The features and logits of {@code count} rows, {@link #FEATURE_BATCH} at a time. */
  static Embedding embed(FeatureClassifier c, int count, RowSource rows) {
    int width = c.featureSize();
    int classes = c.classes();
    double[][] features = new double[count][];
    double[][] logits = new double[count][];
    forward(c, count, rows, (from, n, f, l) -> {
      for (int i = 0; i < n; i++) {
        features[from + i] = Arrays.copyOfRange(f, i * width, (i + 1) * width);
        logits[from + i] = Arrays.copyOfRange(l, i * classes, (i + 1) * classes);
      }
    });
    return new Embedding(features, logits);
  }
}
