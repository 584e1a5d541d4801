package io.genlab.diffusion.internal;

import io.genlab.api.TrainedModel;
import io.genlab.diffusion.NoisyClassifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs a noise-aware classifier's classifying graph ({@link NoisyClassifier}) for samplers and metrics. */
final class ClassifierGraph {
  private ClassifierGraph() {}

  /**
   * One output of the classifying graph for {@code x} (model space) at timestep index {@code t}.
   *
   * @param labels one-hot targets {@code [B, K]}, or {@code null} when the output does not depend on them
   *     (the logits; zeros are fed)
   */
  static INDArray run(TrainedModel model, INDArray x, int t, INDArray labels, String role) {
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(NoisyClassifier.X, x);
    feeds.put(NoisyClassifier.T, Nd4j.valueArrayOf(new long[] {x.size(0)}, (float) t));
    int classes = model.model().as(NoisyClassifier.class).orElseThrow().numClasses();
    feeds.put(NoisyClassifier.LABELS, labels != null ? labels : Nd4j.zeros(DataType.FLOAT, x.size(0), classes));
    String output = model.graph().output(role).name();
    return model.run(feeds, List.of(output)).get(output);
  }
}
