package io.genlab.autoregressive.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Sequential generation shared by the samplers: one forward pass per generated dimension. */
final class Generation {
  private Generation() {}

  /** The model's autoregressive capability, or an exception naming {@code component}. */
  static AutoregressiveModel capability(Model model, String component) {
    return model.as(AutoregressiveModel.class).orElseThrow(() -> new IllegalArgumentException(
        incompatibility(model, component, 0).orElse(component + " needs an autoregressive model")));
  }

  /** Why {@code component} cannot use {@code model} with ordering {@code set}, or empty. */
  static Optional<String> incompatibility(Model model, String component, int set) {
    Optional<AutoregressiveModel> ar = model.as(AutoregressiveModel.class);
    if (ar.isEmpty()) {
      return Optional.of(component + " needs an autoregressive model (made, pixelcnn); this model is not one");
    }
    if (set >= ar.get().orderings()) {
      return Optional.of(component + " uses ordering " + set + ", but the model has " + ar.get().orderings()
          + " ordering(s)");
    }
    return Optional.empty();
  }

  /**
   * Fills the dimensions at positions {@code fromStep ..} of ordering {@code set} in a copy of
   * {@code start}, each drawn from its conditional given every dimension before it, with the logits
   * divided by {@code temperature}. The draw for dimension d of example i (counted from
   * {@code firstIndex}) uses {@code random.derive(firstIndex + i).uniform(d)}, so a sample does not
   * depend on the batch it was generated in.
   *
   * @param start {@code [n, ...exampleShape]}; the dimensions before {@code fromStep} are kept
   * @param oneHotLabels {@code [n, K]} for a conditional model, else {@code null}
   */
  static INDArray fill(TrainedModel model, AutoregressiveModel ar, int set, INDArray start, INDArray oneHotLabels,
      int fromStep, double temperature, RandomSource random, long firstIndex) {
    long[] shape = start.shape();
    int n = (int) shape[0];
    float[] values = start.dup('c').data().asFloat();
    int dimensions = values.length / Math.max(1, n);
    int[] order = ar.ordering(set);
    int levels = ar.levels();
    String logitsName = model.graph().output(AutoregressiveModel.LOGITS).name();
    RandomSource[] perExample = new RandomSource[n];
    for (int i = 0; i < n; i++) {
      perExample[i] = random.derive(firstIndex + i);
    }
    if (model.model() instanceof NadeModel nade) {
      // NADE advances its running sum one dimension per step instead of re-running the whole network.
      return NadeSteps.fill(model, nade.hidden(), values, shape, fromStep, temperature, perExample);
    }
    // The model's noise inputs (MADE's ordering draw) are overridden by the ordering feeds.
    RandomSource feedNoise = random.derive("feeds");
    RowBand band = RowBand.of(model, ar, set, shape).orElse(null);
    for (int t = fromStep; t < order.length; t++) {
      int d = order[t];
      INDArray logits;
      int at = d;
      if (band != null) {
        // Only the rows that row d / width depends on go through the network.
        logits = band.logits(values, d, oneHotLabels);
        at = band.position(d);
      } else {
        INDArray x = Nd4j.create(values, shape, 'c');
        Map<String, INDArray> feeds = new HashMap<>(model.feeds(x, oneHotLabels, feedNoise));
        feeds.putAll(ar.orderingFeeds(set, n));
        logits = model.run(feeds, List.of(logitsName)).get(logitsName);
      }
      if (levels == 2) {
        double[] column = logits.get(NDArrayIndex.all(), NDArrayIndex.point(at)).castTo(DataType.DOUBLE)
            .toDoubleVector();
        for (int i = 0; i < n; i++) {
          values[i * dimensions + d] = (float) ar.dataValue(bernoulli(column[i], temperature,
              perExample[i].uniform(d)));
        }
      } else {
        double[][] rows = logits.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(at))
            .castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
          values[i * dimensions + d] = (float) ar.dataValue(categorical(rows[i], temperature,
              perExample[i].uniform(d)));
        }
      }
    }
    return Nd4j.create(values, shape, 'c');
  }

  /** 1 when {@code u < sigmoid(logit / temperature)}, else 0. */
  static int bernoulli(double logit, double temperature, double u) {
    double p = 1 / (1 + Math.exp(-logit / temperature));
    return u < p ? 1 : 0;
  }

  /** The level whose cumulative softmax(logits / temperature) first exceeds {@code u}. */
  static int categorical(double[] logits, double temperature, double u) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double[] weights = new double[logits.length];
    double total = 0;
    for (int k = 0; k < logits.length; k++) {
      weights[k] = Math.exp((logits[k] - max) / temperature);
      total += weights[k];
    }
    double threshold = u * total;
    double cumulative = 0;
    int last = 0;
    for (int k = 0; k < logits.length; k++) {
      if (weights[k] > 0) {
        cumulative += weights[k];
        last = k;
        if (cumulative > threshold) {
          return k;
        }
      }
    }
    return last;
  }

  /** One-hot labels {@code [n, classes]}. */
  static INDArray oneHot(int[] labels, int classes) {
    INDArray out = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new ConfigException("label", "label must be in [0, " + classes + "), found " + labels[i]);
      }
      out.putScalar(i, labels[i], 1f);
    }
    return out;
  }
}
