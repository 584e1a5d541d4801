package io.genlab.nn.features;

import io.genlab.api.Check;
import java.util.List;

/**
 * How the platform's feature classifier is trained: its architecture, Adam's settings and its own seed (not a
 * run's, so that every run on the same data gets the same classifier and comparable numbers).
 *
 * @param hidden the hidden widths (ReLU); the features are the last one's activations
 * @param epochs passes of Adam over the training split, at least 1
 * @param batchSize examples per minibatch, at least 1
 * @param learningRate Adam's step size, positive
 * @param seed the seed of the initial weights and the minibatch order
 */
public record ClassifierTraining(List<Integer> hidden, int epochs, int batchSize, double learningRate, long seed) {
  /** A 256-128 classifier trained for 3 epochs, batch 128, Adam 1e-3, seed 0: the metrics' default. */
  public static final ClassifierTraining DEFAULTS = new ClassifierTraining(List.of(256, 128), 3, 128, 1e-3, 0);

  public ClassifierTraining {
    hidden = Check.widths("hidden", hidden);
    Check.positive("epochs", epochs);
    Check.positive("batchSize", batchSize);
    Check.positive("learningRate", learningRate);
  }
}
