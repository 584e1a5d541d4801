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
}
