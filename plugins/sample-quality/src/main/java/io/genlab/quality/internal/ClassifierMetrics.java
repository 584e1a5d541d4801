package io.genlab.quality.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric.EvaluationContext;
import io.genlab.api.Model;
import io.genlab.api.SampleMetric;
import io.genlab.api.Samples;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.quality.MetricConfigs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sample metrics judged by the platform's feature classifier beside {@link Metrics.FrechetDistance}
 * (whose {@link Metrics.Judge} trains or loads it): classifier accuracy on labelled samples. Keys read
 * {@code <metric>/<checksum>/<quantity>}, the checksum naming the classifier, and a quantity of the test
 * split (a ceiling to read the samples' by) starts with {@code test_}. The math is in {@link
 * ClassifierScores}. Instances are not thread-safe.
 */
public final class ClassifierMetrics {
  private ClassifierMetrics() {}

  /**
   * The share of labelled samples that the classifier assigns to their label: {@code
   * classifier/<checksum>/sample_accuracy}, and the classifier's accuracy on the whole test split, when
   * it is labelled, as {@code classifier/<checksum>/test_accuracy}.
   */
  public static final class ClassifierAccuracy implements SampleMetric {
    private static final String NAME = "classifier-accuracy";
    private final MetricConfigs.ClassifierAccuracy config;
    private final Metrics.Judge judge;

    public ClassifierAccuracy(MetricConfigs.ClassifierAccuracy config) {
      this.config = config;
      this.judge = new Metrics.Judge(NAME, config.training());
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
      if (samples.labels() == null) {
        throw new ConfigException("", NAME + " needs labelled samples (a conditional, guided or edited sampler, "
            + "whose samples carry the class they were drawn for), found samples without labels");
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
          ClassifierScores.accuracy(Metrics.embed(c, judged.length, Metrics.rowsOf(judged)).logits(), labels));
      if (test.labels() != null && test.count() > 0) {
        result.put(key + "/test_accuracy",
            ClassifierScores.accuracy(Metrics.embed(c, test.count(), Metrics.rowsOf(test)).logits(), test.labels()));
      }
      return result;
    }
  }
}
