package io.genlab.quality.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.SampleMetric;
import io.genlab.api.Samples;
import io.genlab.nn.features.ClassifierTraining;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.quality.MetricConfigs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sample metrics judged by the platform's feature classifier beside {@link Metrics.FrechetDistance}
 * (whose {@link Metrics.Judge} trains or loads it): classifier accuracy on labelled samples, the
 * inception score, KID, and precision, recall, density and coverage. Keys read
 * {@code <metric>/<checksum>/<quantity>}, the checksum naming the classifier, and a quantity of the test
 * split (a ceiling to read the samples' by) starts with {@code test_}. The math is in {@link
 * ClassifierScores}. Instances are not thread-safe.
 */
public final class ClassifierMetrics {
  private ClassifierMetrics() {}

  /** What every classifier metric shares: the judge (classifier and test features) and the sample count. */
  private abstract static class Judged implements SampleMetric {
    final Metrics.Judge judge;
    private final int samples;

    Judged(String name, ClassifierTraining training, int samples) {
      this.judge = new Metrics.Judge(name, training);
      this.samples = samples;
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return judge.incompatibility(data);
    }

    @Override
    public int sampleCount() {
      return samples;
    }
  }

  /**
   * The share of labelled samples that the classifier assigns to their label: {@code
   * classifier/<checksum>/sample_accuracy}, and the classifier's accuracy on the whole test split, when
   * it is labelled, as {@code classifier/<checksum>/test_accuracy}. Samplers whose samples carry no labels
   * (unconditional ones) get no keys.
   */
  public static final class ClassifierAccuracy extends Judged {
    private static final String NAME = "classifier-accuracy";
    private final MetricConfigs.ClassifierAccuracy config;

    public ClassifierAccuracy(MetricConfigs.ClassifierAccuracy config) {
      super(NAME, config.training(), config.samples());
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      judge.requireLabelledTraining(context);
      if (samples.labels() == null) {
        // A spec mixes unconditional and conditional samplers, and every sample metric sees every sampler:
        // refusing here would fail the whole evaluation at the first unconditional one.
        return Map.of();
      }
      Examples test = context.test();
      double[][] judged = Metrics.sampleRows(samples, config.samples(), test.info().exampleSize(), NAME);
      int[] labels = Arrays.copyOf(samples.labels(), judged.length);
      int classes = context.train().info().numClasses();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= classes) {
          throw new IllegalArgumentException(NAME + " needs sample labels in [0, " + classes
              + ") (the data's classes), found " + labels[i] + " for sample " + i);
        }
      }
      FeatureClassifier c = judge.classifier(context);
      String key = "classifier/" + c.checksum();
      Map<String, Double> result = new LinkedHashMap<>();
      result.put(key + "/sample_accuracy",
          ClassifierScores.accuracy(Metrics.embed(c, judged).logits(), labels));
      if (test.labels() != null && test.count() > 0) {
        result.put(key + "/test_accuracy", ClassifierScores.accuracy(judge.test(context).logits(), test.labels()));
      }
      return result;
    }
  }

  /**
   * The inception score over the classifier's softmax, of the samples and, as the ceiling, of as many test
   * examples, over the same number of splits: {@code inception_score/<checksum>/mean}, {@code std},
   * {@code test_mean}, {@code test_std}. Rows are shuffled before splitting, as torch-fidelity does, by
   * permutations from the context's random source ({@code "splits"}, then {@code "samples"} or {@code
   * "test"}).
   */
  public static final class InceptionScore extends Judged {
    private static final String NAME = "inception-score";
    private final MetricConfigs.InceptionScore config;

    public InceptionScore(MetricConfigs.InceptionScore config) {
      super(NAME, config.training(), config.samples());
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      judge.requireLabelledTraining(context);
      double[][] judged = Metrics.sampleRows(samples, config.samples(), context.test().info().exampleSize(), NAME);
      FeatureClassifier c = judge.classifier(context);
      var splits = context.random().derive("splits");
      double[][] logits = Metrics.embed(c, judged).logits();
      var score = ClassifierScores.MeanStd.of(ClassifierScores.inceptionScores(logits,
          splits.derive("samples").permutation(logits.length), config.splits()));
      String key = "inception_score/" + c.checksum();
      Map<String, Double> result = new LinkedHashMap<>();
      result.put(key + "/mean", score.mean());
      result.put(key + "/std", score.std());
      int n = Math.min(judged.length, context.test().count());
      if (n >= config.splits()) {
        double[][] test = Arrays.copyOf(judge.test(context).logits(), n);
        var ceiling = ClassifierScores.MeanStd.of(ClassifierScores.inceptionScores(test,
            splits.derive("test").permutation(n), config.splits()));
        result.put(key + "/test_mean", ceiling.mean());
        result.put(key + "/test_std", ceiling.std());
      }
      return result;
    }
  }

  /**
   * KID between the samples' and the whole test split's features: {@code kid/<checksum>/mean} and {@code
   * std} over subset pairs; subset {@code s} takes the first rows of the permutations {@code
   * derive("subsets").derive(s).derive("samples")} and {@code .derive("test")} of the context's random
   * source (uniform draws without replacement, as torch-fidelity's {@code rng.choice(n, m, replace=False)}).
   */
  public static final class Kid extends Judged {
    private static final String NAME = "kid";
    private final MetricConfigs.Kid config;

    public Kid(MetricConfigs.Kid config) {
      super(NAME, config.training(), config.samples());
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      judge.requireLabelledTraining(context);
      Examples test = context.test();
      if (test.count() < 2) {
        throw new ConfigException("", NAME + " needs at least 2 test examples, found " + test.count());
      }
      double[][] judged = Metrics.sampleRows(samples, config.samples(), test.info().exampleSize(), NAME);
      FeatureClassifier c = judge.classifier(context);
      double[][] x = Metrics.embed(c, judged).features();
      double[][] y = judge.test(context).features();
      int[][][] subsets = subsets(context.random().derive("subsets"), config.subsets(),
          Math.min(config.subsetSize(), Math.min(x.length, y.length)), x.length, y.length);
      var kid = ClassifierScores.MeanStd.of(ClassifierScores.kid(x, y, subsets[0], subsets[1]));
      String key = "kid/" + c.checksum();
      Map<String, Double> result = new LinkedHashMap<>();
      result.put(key + "/mean", kid.mean());
      result.put(key + "/std", kid.std());
      return result;
    }

    /** {@code count} subsets of {@code size} of {@code 0 .. n-1} and as many of {@code 0 .. m-1}. */
    public static int[][][] subsets(RandomSource random, int count, int size, int n, int m) {
      int[][][] out = new int[2][count][];
      for (int s = 0; s < count; s++) {
        RandomSource subset = random.derive(s);
        out[0][s] = Arrays.copyOf(subset.derive("samples").permutation(n), size);
        out[1][s] = Arrays.copyOf(subset.derive("test").permutation(m), size);
      }
      return out;
    }
  }

  /**
   * Precision, recall, density and coverage between the samples' features and those of as many test
   * examples (the first ones; all when fewer): {@code prdc/<checksum>/precision}, {@code recall}, {@code
   * density}, {@code coverage}.
   */
  public static final class PrecisionRecall extends Judged {
    private static final String NAME = "precision-recall";
    private final MetricConfigs.PrecisionRecall config;

    public PrecisionRecall(MetricConfigs.PrecisionRecall config) {
      super(NAME, config.training(), config.samples());
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(Samples samples, EvaluationContext context) {
      judge.requireLabelledTraining(context);
      Examples test = context.test();
      int n = Math.min(config.samples(), test.count());
      if (n <= config.k()) {
        throw new ConfigException("", NAME + " with k = " + config.k() + " needs more than " + config.k()
            + " test examples, found " + test.count());
      }
      double[][] judged = Metrics.sampleRows(samples, config.samples(), test.info().exampleSize(), NAME);
      FeatureClassifier c = judge.classifier(context);
      double[][] fake = Metrics.embed(c, judged).features();
      double[][] real = Arrays.copyOf(judge.test(context).features(), n);
      var prdc = ClassifierScores.prdc(real, fake, config.k());
      String key = "prdc/" + c.checksum();
      Map<String, Double> result = new LinkedHashMap<>();
      result.put(key + "/precision", prdc.precision());
      result.put(key + "/recall", prdc.recall());
      result.put(key + "/density", prdc.density());
      result.put(key + "/coverage", prdc.coverage());
      return result;
    }
  }
}
