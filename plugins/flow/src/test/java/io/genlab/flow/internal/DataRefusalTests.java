package io.genlab.flow.internal;

import static io.genlab.flow.RealNvpConfig.Permutation.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.flow.FlowModel;
import io.genlab.flow.RealNvpConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** realnvp refuses data it has no density for, saying what it needs. */
class DataRefusalTests {

  @Test
  void refusesBinaryDataUnevenImagesAndOtherRanks() {
    RealNvpConfig config = RealNvpConfig.DEFAULTS;
    assertThatThrownBy(() -> RealNvpModel.check(new DataInfo(new long[] {1, 28, 28}, 0, 1, true, 0), config))
        .isInstanceOf(ConfigException.class).hasMessageContaining("binary data have no density");
    assertThatThrownBy(() -> RealNvpModel.check(new DataInfo(new long[] {1, 6, 6}, 0, 1, false, 0), config))
        .isInstanceOf(ConfigException.class).hasMessageContaining("2 scales need them divisible by 4, found 6x6");
    assertThatThrownBy(() -> RealNvpModel.check(new DataInfo(new long[] {2, 3}, 0, 1, false, 0), config))
        .isInstanceOf(ConfigException.class).hasMessageContaining("found examples shaped [2, 3]");
    assertThatThrownBy(() -> RealNvpModel.check(new DataInfo(new long[] {1, 4, 4}, -1, 1, false, 0), config))
        .isInstanceOf(ConfigException.class).hasMessageContaining("[-1.0, 1.0]");
  }

  @Test
  void imagesOfOtherLevelsAreDequantisedOnTheirOwnGrid() {
    // sklearn digits: 17 levels, values k/16; y = (k + u) / 17 and the protocol says 17.
    RealNvpConfig config = new RealNvpConfig(1, List.of(4), 1, 1, 1, 1, 4, 0, true, false, NONE, null, 17);
    FlowGraphs.Built built = FlowGraphs.build(config, new DataInfo(new long[] {1, 4, 4}, 0, 1, false, 0), 3);
    float[] values = new float[16];
    for (int i = 0; i < 16; i++) {
      values[i] = i / 16f;
    }
    INDArray x = Nd4j.create(values, new long[] {1, 1, 4, 4}, 'c');
    INDArray u = Nd4j.valueArrayOf(new long[] {1, 1, 4, 4}, 0.5f);
    var sd = built.graph().sameDiff();
    double[] y = sd.output(Map.of("x", x, FlowModel.DEQUANTIZATION, u),
        FlowModel.DEQUANTIZED).get(FlowModel.DEQUANTIZED).ravel().toDoubleVector();
    for (int k = 0; k < 16; k++) {
      assertThat(y[k]).isCloseTo((k + 0.5) / 17, within(1e-6));
    }
    assertThat(built.model().levels()).isEqualTo(17);
  }
}
