package io.genlab.autoregressive.internal;

import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NADE's generation through its step graph: the running pre-activation sum advances by one dimension per
 * call, so filling D dimensions costs O(HD) per example instead of D whole forward passes (O(HD^2)). Draws
 * exactly as {@link Generation#fill} does, from the same uniforms.
 */
final class NadeSteps {
  private NadeSteps() {}

  /**
   * Fills dimensions {@code fromStep ..} of {@code values} ({@code [n, D]} row-major, the data's order) in
   * place and returns them shaped {@code shape}.
   */
  static INDArray fill(TrainedModel model, int hidden, float[] values, long[] shape, int fromStep,
      double temperature, RandomSource[] perExample) {
    int n = perExample.length;
    int dimensions = values.length / Math.max(1, n);
    String preName = model.graph().output(NadeModel.STEP_PRE).name();
    String logitName = model.graph().output(NadeModel.STEP_LOGIT).name();
    INDArray pre = Nd4j.zeros(DataType.FLOAT, n, hidden);
    float[] previous = new float[n];
    for (int d = 0; d < dimensions; d++) {
      Map<String, INDArray> feeds = Map.of(
          NadeModel.STEP_PRE_INPUT, pre,
          NadeModel.STEP_PREVIOUS_INPUT, Nd4j.create(previous, new long[] {n, 1}, 'c'),
          NadeModel.STEP_INDEX_INPUT, Nd4j.createFromArray(Math.max(0, d - 1), d));
      Map<String, INDArray> out = model.run(feeds, List.of(preName, logitName));
      // The executor may reuse its output arrays on the next call.
      pre = out.get(preName).dup();
      if (d >= fromStep) {
        double[] logits = out.get(logitName).castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < n; i++) {
          values[i * dimensions + d] = Generation.bernoulli(logits[i], temperature, perExample[i].uniform(d));
        }
      }
      for (int i = 0; i < n; i++) {
        previous[i] = values[i * dimensions + d];
      }
    }
    return Nd4j.create(values, shape, 'c');
  }
}
