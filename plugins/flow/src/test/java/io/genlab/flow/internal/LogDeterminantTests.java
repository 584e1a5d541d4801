package io.genlab.flow.internal;

import static io.genlab.flow.RealNvpConfig.Permutation.INVCONV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.RandomSource;
import io.genlab.flow.FlowModel;
import io.genlab.flow.RealNvpConfig;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model's log-likelihood equals log N(z; 0, I) + log|det dz/dy| with the Jacobian taken by central
 * finite differences in double precision over the whole graph (every layer, randomly perturbed weights).
 */
class LogDeterminantTests {
  private static final double STEP = 1e-5;

  @Test
  void vectorFlowLogLikelihoodMatchesTheNumericalJacobian() {
    RealNvpConfig config = new RealNvpConfig(4, List.of(8, 8), 0, 0, 0, 1, 1, 0, true, true, INVCONV, null, 256);
    FlowGraphs.Built flow = FlowGraphs.build(config, new DataInfo(new long[] {2}, -2, 2, false, 0), 3,
        DataType.DOUBLE);
    FlowGraphs.perturb(flow.sd(), flow.graph().parameters(), RandomSource.seeded(5), 0.3);
    double[][] points = {{0.3, -1.2}, {-1.5, 0.7}, {1.9, 1.1}};
    for (double[] point : points) {
      check(flow, point, "x", Map.of(), new long[] {1, 2}, 0);
    }
  }

  @Test
  void imageFlowWithSqueezeActnormInvconvAndLogitMatchesTheNumericalJacobian() {
    RealNvpConfig config = new RealNvpConfig(1, List.of(1), 1, 2, 2, 2, 4, 1, true, true, INVCONV, 0.05, 256);
    FlowGraphs.Built flow = FlowGraphs.build(config, new DataInfo(new long[] {1, 4, 4}, 0, 1, false, 0), 4,
        DataType.DOUBLE);
    FlowGraphs.perturb(flow.sd(), flow.graph().parameters(), RandomSource.seeded(6), 0.2);
    double[] u = new double[16];
    double[] k = new double[16];
    for (int i = 0; i < 16; i++) {
      u[i] = 0.1 + 0.8 * RandomSource.seeded(7).uniform(i);
      k[i] = Math.floor(256 * RandomSource.seeded(8).uniform(i));
    }
    INDArray x = Nd4j.createFromArray(k).divi(255.0).reshape(1, 1, 4, 4);
    // Differentiating with respect to u: y = (k + u) / 256, so log|det dz/dy| = log|det dz/du| + D log 256.
    check(flow, u, FlowModel.DEQUANTIZATION, Map.of("x", x), new long[] {1, 1, 4, 4}, 16 * Math.log(256));
  }

  private static void check(FlowGraphs.Built flow, double[] point, String input, Map<String, INDArray> others,
      long[] shape, double logDetOffset) {
    int d = point.length;
    double[][] jacobian = new double[d][d];
    for (int j = 0; j < d; j++) {
      double[] plus = point.clone();
      double[] minus = point.clone();
      plus[j] += STEP;
      minus[j] -= STEP;
      double[] zPlus = z(flow, plus, input, others, shape);
      double[] zMinus = z(flow, minus, input, others, shape);
      for (int i = 0; i < d; i++) {
        jacobian[i][j] = (zPlus[i] - zMinus[i]) / (2 * STEP);
      }
    }
    double logDet = Math.log(Math.abs(new LUDecomposition(new Array2DRowRealMatrix(jacobian)).getDeterminant()));
    assertThat(Math.abs(logDet)).as("a non-trivial Jacobian").isGreaterThan(1e-2);
    Map<String, INDArray> out = flow.run(feeds(point, input, others, shape), FlowModel.Z, FlowModel.LOG_LIKELIHOOD);
    double expected = FlowGraphs.logStandardNormal(out.get(FlowModel.Z).toDoubleVector()) + logDet + logDetOffset;
    assertThat(out.get(FlowModel.LOG_LIKELIHOOD).dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(out.get(FlowModel.LOG_LIKELIHOOD).getDouble(0)).isCloseTo(expected, within(1e-5));
  }

  private static double[] z(FlowGraphs.Built flow, double[] point, String input, Map<String, INDArray> others,
      long[] shape) {
    return flow.run(feeds(point, input, others, shape), FlowModel.Z).get(FlowModel.Z).toDoubleVector();
  }

  private static Map<String, INDArray> feeds(double[] point, String input, Map<String, INDArray> others, long[] shape) {
    Map<String, INDArray> feeds = new java.util.HashMap<>();
    others.forEach((k, v) -> feeds.put(k, v.castTo(DataType.DOUBLE)));
    feeds.put(input, Nd4j.createFromArray(point).reshape(shape));
    return feeds;
  }
}
