package io.genlab.autoregressive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every config record rejects bad values with a message naming the field, the value and the rule. */
class ConfigTests {

  @Test
  void madeConfig() {
    MadeConfig d = MadeConfig.DEFAULTS;
    assertThat(d.hidden()).containsExactly(512);
    rejects(() -> new MadeConfig(List.of(), 1, true, false, 0), "hidden", "hidden must not be empty, found []");
    rejects(() -> new MadeConfig(List.of(8, -2), 1, true, false, 0), "hidden", "hidden[1] must be > 0, found -2 in [8, -2]");
    rejects(() -> new MadeConfig(List.of(8), 0, true, false, 0), "orderings", "orderings must be > 0, found 0");
  }

  @Test
  void nadeConfig() {
    assertThat(NadeConfig.DEFAULTS.hidden()).isEqualTo(500);
    rejects(() -> new NadeConfig(0), "hidden", "hidden must be > 0, found 0");
    rejects(() -> new NadeConfig(20_000), "hidden",
        "hidden must be from 1 to 16384, found 20000 (a wider layer would need gigabytes of memory)");
  }

  @Test
  void pixelCnnConfig() {
    PixelCnnConfig d = PixelCnnConfig.DEFAULTS;
    rejects(() -> new PixelCnnConfig(0, 5, 7, 3, 64, d.output(), 256, false, d.blocks()), "channels",
        "channels must be > 0, found 0");
    rejects(() -> new PixelCnnConfig(64, -1, 7, 3, 64, d.output(), 256, false, d.blocks()), "residualBlocks",
        "residualBlocks must be >= 0, found -1");
    rejects(() -> new PixelCnnConfig(64, 5, 6, 3, 64, d.output(), 256, false, d.blocks()), "firstKernel",
        "firstKernel must be odd and > 0, found 6");
    rejects(() -> new PixelCnnConfig(64, 5, 7, -3, 64, d.output(), 256, false, d.blocks()), "blockKernel",
        "blockKernel must be odd and > 0, found -3");
    rejects(() -> new PixelCnnConfig(64, 5, 7, 3, 0, d.output(), 256, false, d.blocks()), "outputHidden",
        "outputHidden must be > 0, found 0");
    rejects(() -> new PixelCnnConfig(64, 5, 7, 3, 64, null, 256, false, d.blocks()), "output",
        "output must be set, found null");
    rejects(() -> new PixelCnnConfig(64, 5, 7, 3, 64, d.output(), 1, false, d.blocks()), "levels",
        "levels must be in [2, 65536], found 1");
    rejects(() -> new PixelCnnConfig(64, 5, 7, 3, 64, d.output(), 256, false, null), "blocks",
        "blocks must be set, found null");
  }

  @Test
  void pixelCnnBlocksBindByNameAndDefaultToThePeersResidualBlocks() {
    assertThat(PixelCnnConfig.DEFAULTS.blocks()).isEqualTo(PixelCnnConfig.Blocks.RESIDUAL);
    assertThat(ConfigBinder.bind(PixelCnnConfig.DEFAULTS, Map.of("blocks", "gated"), "model.config").blocks())
        .isEqualTo(PixelCnnConfig.Blocks.GATED);
    assertThatThrownBy(() -> ConfigBinder.bind(PixelCnnConfig.DEFAULTS, Map.of("blocks", "gatted"), "model.config"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("model.config.blocks")
        .hasMessageContaining("blocks must be one of [residual, gated], found 'gatted'");
  }

  @Test
  void exactNllConfig() {
    rejects(() -> new ExactNllConfig(-1, 1), "limit", "limit must be >= 0, found -1");
    rejects(() -> new ExactNllConfig(0, 0), "ensemble", "ensemble must be > 0, found 0");
  }

  @Test
  void samplerConfigs() {
    rejects(() -> new SamplerConfigs.Sequential(0, 1, 10, 0, -1), "count", "count must be > 0, found 0");
    rejects(() -> new SamplerConfigs.Sequential(4, 0, 10, 0, -1), "temperature",
        "temperature must be > 0 and finite, found 0.0");
    rejects(() -> new SamplerConfigs.Sequential(4, 1, 0, 0, -1), "batchSize", "batchSize must be > 0, found 0");
    rejects(() -> new SamplerConfigs.Sequential(4, 1, 4, -1, -1), "ordering", "ordering must be >= 0, found -1");
    rejects(() -> new SamplerConfigs.Sequential(4, 1, 4, 0, -2), "label",
        "label must be >= -1 (-1: a class sweep), found -2");
    rejects(() -> new SamplerConfigs.Completion(0, 1, 4, 0), "count", "count must be > 0, found 0");
    rejects(() -> new SamplerConfigs.Completion(4, Double.POSITIVE_INFINITY, 4, 0), "temperature",
        "temperature must be > 0 and finite, found Infinity");
    rejects(() -> new SamplerConfigs.Completion(4, 1, -5, 0), "batchSize", "batchSize must be > 0, found -5");
    rejects(() -> new SamplerConfigs.Completion(4, 1, 4, -1), "ordering", "ordering must be >= 0, found -1");
  }

  @Test
  void pixelRnnConfig() {
    PixelRnnConfig d = PixelRnnConfig.DEFAULTS;
    assertThat(d.variant()).isEqualTo(PixelRnnConfig.Variant.DIAGONAL_BILSTM);
    rejects(() -> new PixelRnnConfig(null, 2, 16, 7, 3, 32, d.output(), 256), "variant", "variant must be set, found null");
    rejects(() -> new PixelRnnConfig(d.variant(), 0, 16, 7, 3, 32, d.output(), 256), "layers",
        "layers must be in [1, 64], found 0");
    rejects(() -> new PixelRnnConfig(d.variant(), 2, 0, 7, 3, 32, d.output(), 256), "hidden",
        "hidden must be > 0, found 0");
    rejects(() -> new PixelRnnConfig(d.variant(), 2, 16, 4, 3, 32, d.output(), 256), "firstKernel",
        "firstKernel must be odd and > 0, found 4");
    rejects(() -> new PixelRnnConfig(d.variant(), 2, 16, 7, 2, 32, d.output(), 256), "rowKernel",
        "rowKernel must be odd and > 0, found 2");
    rejects(() -> new PixelRnnConfig(d.variant(), 2, 16, 7, 3, 0, d.output(), 256), "outputHidden",
        "outputHidden must be > 0, found 0");
    rejects(() -> new PixelRnnConfig(d.variant(), 2, 16, 7, 3, 32, null, 256), "output", "output must be set, found null");
    rejects(() -> new PixelRnnConfig(d.variant(), 2, 16, 7, 3, 32, d.output(), 1), "levels",
        "levels must be in [2, 65536], found 1");
    assertThat(ConfigBinder.bind(d, Map.of("variant", "row-lstm"), "model.config").variant())
        .isEqualTo(PixelRnnConfig.Variant.ROW_LSTM);
    assertThatThrownBy(() -> ConfigBinder.bind(d, Map.of("variant", "column-lstm"), "model.config"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("variant must be one of [row_lstm, diagonal_bilstm], found 'column-lstm'");
  }

  private static void rejects(ThrowingCallable construction, String field, String message) {
    assertThatThrownBy(construction).isInstanceOf(ConfigException.class).hasMessage(message)
        .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
  }
}
