package io.genlab.autoregressive.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.RandomSource;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.NllConfig;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.ModelSession;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Builds models into bare graphs or sessions for the family's unit tests. */
final class Fixtures {
  private Fixtures() {}

  /** A model built into a fresh graph with initial weights from seed 1. */
  record Built(Model model, AutoregressiveModel ar, ModelGraph graph) {
    SameDiff sd() {
      return graph.sameDiff();
    }

    /** The data feed for {@code x} (reshaped to the input layout) plus ordering {@code set}'s feeds. */
    Map<String, INDArray> feeds(INDArray x, int set) {
      Map<String, INDArray> feeds = new HashMap<>();
      long[] inputShape = graph.dataInputShape();
      long[] shape = new long[inputShape.length + 1];
      shape[0] = x.size(0);
      System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
      feeds.put(graph.dataInput(), x.reshape('c', shape).castTo(DataType.FLOAT));
      feeds.putAll(ar.orderingFeeds(set, x.size(0)));
      return feeds;
    }

    /** The output {@code role} for {@code x} under ordering {@code set}. */
    INDArray output(String role, INDArray x, int set) {
      String name = graph.output(role).name();
      return sd().output(feeds(x, set), name).get(name);
    }
  }

  static Built build(Model model, DataInfo data) {
    SameDiff sd = SameDiff.create();
    ModelGraph graph = model.build(new Model.BuildContext(sd, data, RandomSource.seeded(1).derive("init")));
    return new Built(model, model.as(AutoregressiveModel.class).orElseThrow(), graph);
  }

  /** A trainable session of {@code model} with the nll loss, as the runner builds it. */
  static ModelSession session(Model model, DataInfo data) {
    return ModelSession.build(model, new NllLoss(NllConfig.DEFAULTS), data, RandomSource.seeded(1).derive("init"),
        SameDiffExecutor.factory(), 16);
  }

  /** Every configuration of {@code dimensions} values with {@code levels} levels each, as {@code k / (levels-1)}. */
  static INDArray allConfigurations(int dimensions, int levels) {
    int count = (int) Math.pow(levels, dimensions);
    float[] values = new float[count * dimensions];
    for (int c = 0; c < count; c++) {
      int rest = c;
      for (int d = dimensions - 1; d >= 0; d--) {
        values[c * dimensions + d] = (float) (rest % levels) / (levels - 1);
        rest /= levels;
      }
    }
    return Nd4j.create(values, new long[] {count, dimensions}, 'c');
  }

  /** The sum of {@code exp(v)} in double. */
  static double sumExp(INDArray logValues) {
    double sum = 0;
    for (double v : logValues.castTo(DataType.DOUBLE).toDoubleVector()) {
      sum += Math.exp(v);
    }
    return sum;
  }

  /**
   * The {@code [d, d]} gradient of each dimension's logits with respect to every input (output by input) at a
   * uniform random input drawn from {@code seed}, under ordering {@code set}: d copies of the input, and output i
   * of copy i summed, so row i of the input gradient is output i's.
   *
   * <p>Computed with ND4J's own operations, oneDNN off: on AVX-512 machines oneDNN picks convolution algorithms
   * whose rounding leaves up to about 1e-6 of the largest entry where masked weights make a gradient exactly
   * zero, as large as the smallest genuine connections of these small networks (2.6e-7 of the largest, measured
   * with oneDNN limited to AVX2), so no tolerance could tell a leak from a connection.
   */
  static INDArray inputGradient(Built built, int set, long seed) {
    int d = (int) java.util.Arrays.stream(built.graph().dataInputShape()).reduce(1, (a, b) -> a * b);
    INDArray x = RandomSource.seeded(seed).uniform(1, d).repeat(0, d);
    SameDiff sd = built.sd();
    SDVariable logits = built.graph().output(AutoregressiveModel.LOGITS);
    INDArray eye = Nd4j.eye(d).castTo(DataType.FLOAT);
    SDVariable selector = sd.constant("test/selector" + set, built.ar().levels() == 2 ? eye : eye.reshape(d, 1, d));
    sd.setLossVariables(sd.sum("test/picked" + set, logits.mul(selector)));
    Map<String, INDArray> feeds = built.feeds(x, set);
    // SameDiff returns no gradient for a placeholder consumed by a reshape: make the input a variable.
    String input = built.graph().dataInput();
    SDVariable inputVariable = sd.getVariable(input);
    inputVariable.setArray(feeds.remove(input));
    if (inputVariable.isPlaceHolder()) {
      inputVariable.convertToVariable();
    }
    boolean helpers = Nd4j.getEnvironment().helpersAllowed();
    Nd4j.getEnvironment().allowHelpers(false);
    try {
      return sd.calculateGradients(feeds, input).get(input).reshape('c', d, d);
    } finally {
      Nd4j.getEnvironment().allowHelpers(helpers);
    }
  }
}
