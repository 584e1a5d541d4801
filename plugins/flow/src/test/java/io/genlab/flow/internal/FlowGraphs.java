package io.genlab.flow.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.RandomSource;
import io.genlab.flow.RealNvpConfig;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Builds flows straight into a SameDiff graph for the numerical tests. */
final class FlowGraphs {
  private FlowGraphs() {}

  /** A built model and its graph. */
  record Built(RealNvpModel model, ModelGraph graph) {
    SameDiff sd() {
      return graph.sameDiff();
    }

    Map<String, INDArray> run(Map<String, INDArray> feeds, String... outputs) {
      return sd().output(feeds, outputs);
    }
  }

  static Built build(RealNvpConfig config, DataInfo data, long seed) {
    return build(config, data, seed, DataType.FLOAT);
  }

  /** Builds the whole graph in {@code type}. */
  static Built build(RealNvpConfig config, DataInfo data, long seed, DataType type) {
    RealNvpModel model = new RealNvpModel(config, type);
    SameDiff sd = SameDiff.create();
    ModelGraph graph = model.build(new Model.BuildContext(sd, data, RandomSource.seeded(seed).derive("init")));
    return new Built(model, graph);
  }

  /** Adds N(0, scale^2) to every trainable parameter, so that no layer is at its identity-like start. */
  static void perturb(SameDiff sd, Iterable<String> parameters, RandomSource random, double scale) {
    for (String name : parameters) {
      INDArray value = sd.getArrForVarName(name);
      value.addi(random.derive(name).normal(value.shape()).castTo(value.dataType()).muli(scale));
    }
  }

  /** log N(z; 0, I) per row. */
  static double logStandardNormal(double[] z) {
    double sum = 0;
    for (double v : z) {
      sum += v * v;
    }
    return -0.5 * sum - 0.5 * z.length * Math.log(2 * Math.PI);
  }
}
