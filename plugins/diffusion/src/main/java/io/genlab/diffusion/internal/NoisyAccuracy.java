package io.genlab.diffusion.internal;

import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.NoisyAccuracyConfig;
import io.genlab.diffusion.NoisyClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A noise-aware classifier's accuracy on the first test examples noised to fixed timesteps: {@code
 * accuracy_t<t>} per timestep index t and their mean {@code accuracy}. The noise of batch b at t comes from
 * {@code random.derive("t").derive(t).derive(b)}, so the figure is deterministic for a seed.
 */
public final class NoisyAccuracy implements Metric {
  private final NoisyAccuracyConfig config;

  public NoisyAccuracy(NoisyAccuracyConfig config) {
    this.config = config;
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return model.as(NoisyClassifier.class).isPresent() ? Optional.empty()
        : Optional.of("noisy-accuracy evaluates noise-aware classifiers (noisy-classifier); this model is not one");
  }

  @Override
  public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
    NoisyClassifier classifier = model.model().as(NoisyClassifier.class).orElseThrow(
        () -> new IllegalArgumentException(incompatibility(model.model()).orElseThrow()));
    NoiseSchedule schedule = classifier.schedule();
    Examples test = context.test();
    int n = Math.min(config.examples(), test.count());
    if (n == 0 || test.labels() == null) {
      throw new IllegalArgumentException("noisy-accuracy needs labelled test examples, found " + test.count()
          + (test.labels() == null ? " without labels" : ""));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    double sum = 0;
    List<Integer> timesteps = config.levels().stream()
        .map(level -> (int) Math.floor(level * schedule.timesteps())).distinct().toList();
    for (int t : timesteps) {
      double alphaBar = schedule.alphaBar(t);
      int correct = 0;
      for (int from = 0, b = 0; from < n; from += config.batchSize(), b++) {
        int m = Math.min(config.batchSize(), n - from);
        INDArray x0 = classifier.toModelSpace(test.range(from, from + m));
        RandomSource noise = context.random().derive("t").derive(t).derive(b);
        INDArray xt = x0.mul(Math.sqrt(alphaBar)).addi(noise.normal(x0.shape()).muli(Math.sqrt(1 - alphaBar)));
        INDArray logits = classify(model, xt, t);
        INDArray predicted = Nd4j.argMax(logits, 1);
        for (int i = 0; i < m; i++) {
          if (predicted.getInt(i) == test.labels()[from + i]) {
            correct++;
          }
        }
      }
      double accuracy = (double) correct / n;
      out.put("accuracy_t" + t, accuracy);
      sum += accuracy;
    }
    out.put("accuracy", sum / timesteps.size());
    return out;
  }

  /** The classifier's logits for {@code xt} (model space) at timestep index {@code t}. */
  static INDArray classify(TrainedModel model, INDArray xt, int t) {
    return ClassifierGraph.run(model, xt, t, null, NoisyClassifier.LOGITS);
  }
}
