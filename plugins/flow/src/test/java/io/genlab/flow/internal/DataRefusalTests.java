package io.genlab.flow.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.flow.RealNvpConfig;
import org.junit.jupiter.api.Test;

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
}
