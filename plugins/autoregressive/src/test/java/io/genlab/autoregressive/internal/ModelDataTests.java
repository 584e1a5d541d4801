package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.autoregressive.MadeConfig;
import io.genlab.autoregressive.PixelCnnConfig;
import io.genlab.autoregressive.PixelCnnConfig.Output;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Models refuse data they cannot model, with messages that say what to change. */
class ModelDataTests {
  private static final DataInfo GREY = new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0);

  @Test
  void madeNeedsBinaryData() {
    assertThatThrownBy(() -> build(new MadeModel(MadeConfig.DEFAULTS), GREY)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("not binary").hasMessageContaining("training.binarize");
  }

  @Test
  void madeNeedsTwoDimensions() {
    assertThatThrownBy(() -> build(new MadeModel(MadeConfig.DEFAULTS), new DataInfo(new long[] {1}, 0, 1, true, 0)))
        .isInstanceOf(ConfigException.class).hasMessage("made needs at least 2 dimensions per example, found 1");
  }

  @Test
  void pixelCnnNeedsSingleChannelImages() {
    assertThatThrownBy(() -> build(pixelCnn(Output.AUTO, false), new DataInfo(new long[] {3, 8, 8}, 0, 1, false, 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("single-channel images [1, height, width]")
        .hasMessageContaining("[3, 8, 8]");
    assertThatThrownBy(() -> build(pixelCnn(Output.AUTO, false), new DataInfo(new long[] {64}, 0, 1, true, 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("use made for vectors");
  }

  @Test
  void pixelCnnChoosesItsOutputFromTheData() {
    PixelCnnModel binary = pixelCnn(Output.AUTO, false);
    build(binary, GREY.withBinary(true));
    assertThat(binary.levels()).isEqualTo(2);
    PixelCnnModel grey = pixelCnn(Output.AUTO, false);
    build(grey, GREY);
    assertThat(grey.levels()).isEqualTo(256);
    assertThatThrownBy(() -> build(pixelCnn(Output.BERNOULLI, false), GREY)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("output bernoulli needs binary data");
  }

  @Test
  void conditionalPixelCnnNeedsLabels() {
    assertThatThrownBy(() -> build(pixelCnn(Output.AUTO, true), GREY)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("conditional but the data have no labels");
  }

  @Test
  void capabilitiesAreKnownBeforeBuildingWhereSamplersNeedThem() {
    assertThat(new MadeModel(new MadeConfig(List.of(8), 4, true, false, 0)).orderings()).isEqualTo(4);
    assertThatThrownBy(() -> pixelCnn(Output.AUTO, false).levels()).isInstanceOf(IllegalStateException.class);
  }

  private static PixelCnnModel pixelCnn(Output output, boolean conditional) {
    return new PixelCnnModel(new PixelCnnConfig(4, 1, 3, 3, 4, output, 256, conditional,
        PixelCnnConfig.Blocks.RESIDUAL));
  }

  private static void build(Model model, DataInfo data) {
    Fixtures.build(model, data);
  }
}
