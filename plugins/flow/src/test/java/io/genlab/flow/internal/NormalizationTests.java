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
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A random-weight 2-D flow's density integrates to 1 (midpoint rule on a 200 x 200 grid over [-6, 6]^2). */
class NormalizationTests {

  @Test
  void twoDimensionalDensityIntegratesToOne() {
    RealNvpConfig config = new RealNvpConfig(4, List.of(16, 16), 0, 0, 0, 1, 1, 0, false, true, INVCONV, null, 256);
    FlowGraphs.Built flow = FlowGraphs.build(config, new DataInfo(new long[] {2}, -2, 2, false, 0), 8,
        DataType.DOUBLE);
    FlowGraphs.perturb(flow.sd(), flow.graph().parameters(), RandomSource.seeded(9), 0.1);
    int n = 200;
    double low = -6;
    double cell = 12.0 / n;
    double[] points = new double[n * n * 2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        points[2 * (i * n + j)] = low + (i + 0.5) * cell;
        points[2 * (i * n + j) + 1] = low + (j + 0.5) * cell;
      }
    }
    double[] logDensity = flow.run(Map.of("x", Nd4j.createFromArray(points).reshape(n * n, 2)),
        FlowModel.LOG_LIKELIHOOD).get(FlowModel.LOG_LIKELIHOOD).toDoubleVector();
    double mass = 0;
    for (double v : logDensity) {
      mass += Math.exp(v) * cell * cell;
    }
    assertThat(mass).isCloseTo(1.0, within(1e-2));
  }
}
