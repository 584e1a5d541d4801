package io.genlab.flow;

import static io.genlab.flow.RealNvpConfig.Permutation.INVCONV;
import static io.genlab.flow.RealNvpConfig.Permutation.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.engine.config.ConfigBinder;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every config record refuses a bad value with a message naming the field, the rule and the value. */
class ConfigValidationTests {

  private static void refuses(ThrowingCallable construction, String field, String message) {
    assertThatThrownBy(construction).isInstanceOf(ConfigException.class).hasMessageContaining(message)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ConfigException) e).field()).isEqualTo(field));
  }

  private static RealNvpConfig realNvp(int couplings, List<Integer> hidden, int scales, int checkerboard, int channel,
      int last, int channels, int blocks, RealNvpConfig.Permutation permutation, Double alpha) {
    return new RealNvpConfig(couplings, hidden, scales, checkerboard, channel, last, channels, blocks, true, false,
        permutation, alpha, 256);
  }

  @Test
  void realNvpConfigRefusesBadValues() {
    List<Integer> h = List.of(8);
    refuses(() -> realNvp(0, h, 1, 1, 1, 1, 8, 1, NONE, null), "couplings", "couplings must be > 0, found 0");
    refuses(() -> realNvp(2, List.of(8, -3), 1, 1, 1, 1, 8, 1, NONE, null), "hidden", "hidden[1] must be > 0, found -3");
    refuses(() -> realNvp(2, h, -1, 1, 1, 1, 8, 1, NONE, null), "scales", "scales must be >= 0, found -1");
    refuses(() -> realNvp(2, h, 1, -2, 1, 1, 8, 1, NONE, null), "checkerboardCouplings",
        "checkerboardCouplings must be >= 0, found -2");
    refuses(() -> realNvp(2, h, 1, 1, -1, 1, 8, 1, NONE, null), "channelCouplings",
        "channelCouplings must be >= 0, found -1");
    refuses(() -> realNvp(2, h, 1, 1, 1, 0, 8, 1, NONE, null), "finalCouplings", "finalCouplings must be > 0, found 0");
    refuses(() -> realNvp(2, h, 1, 1, 1, 1, 0, 1, NONE, null), "channels", "channels must be > 0, found 0");
    refuses(() -> realNvp(2, h, 1, 1, 1, 1, 8, -1, NONE, null), "blocks", "blocks must be >= 0, found -1");
    assertThatThrownBy(() -> ConfigBinder.bind(RealNvpConfig.DEFAULTS, Map.of("permutation", "shufle"), "model.config"))
        .hasMessageContaining("model.config.permutation")
        .hasMessageContaining("permutation must be one of [none, reverse, invconv], found 'shufle'");
    assertThat(ConfigBinder.bind(RealNvpConfig.DEFAULTS, Map.of("permutation", "invconv"), "model.config").permutation())
        .isEqualTo(INVCONV);
    refuses(() -> realNvp(2, h, 1, 1, 1, 1, 8, 1, NONE, 0.5), "logitAlpha",
        "logitAlpha must be null or in [0, 0.5), found 0.5");
    refuses(() -> realNvp(2, h, 1, 1, 1, 1, 8, 1, NONE, -0.1), "logitAlpha",
        "logitAlpha must be null or in [0, 0.5), found -0.1");
    refuses(() -> new RealNvpConfig(2, h, 1, 1, 1, 1, 8, 1, true, false, NONE, null, 1), "levels",
        "levels must be >= 2, found 1");
  }

  @Test
  void niceConfigRefusesBadValues() {
    NiceConfig.Prior logistic = NiceConfig.Prior.LOGISTIC;
    refuses(() -> new NiceConfig(0, 5, 100, logistic, 256), "couplings", "couplings must be > 0, found 0");
    refuses(() -> new NiceConfig(4, 0, 100, logistic, 256), "hiddenLayers", "hiddenLayers must be > 0, found 0");
    refuses(() -> new NiceConfig(4, 5, -1, logistic, 256), "hiddenUnits", "hiddenUnits must be > 0, found -1");
    refuses(() -> new NiceConfig(4, 5, 20_000, logistic, 256), "hiddenUnits",
        "hiddenUnits must be from 1 to 16384, found 20000");
    refuses(() -> new NiceConfig(4, 5, 100, null, 256), "prior", "prior");
    refuses(() -> new NiceConfig(4, 5, 100, logistic, 1), "levels", "levels must be >= 2, found 1");
    assertThatThrownBy(() -> ConfigBinder.bind(NiceConfig.DEFAULTS, Map.of("prior", "laplace"), "model.config"))
        .hasMessageContaining("model.config.prior")
        .hasMessageContaining("prior must be one of [logistic, gaussian], found 'laplace'");
    assertThat(ConfigBinder.bind(NiceConfig.DEFAULTS, Map.of("prior", "gaussian"), "model.config").prior())
        .isEqualTo(NiceConfig.Prior.GAUSSIAN);
    assertThat(NiceConfig.DEFAULTS).isEqualTo(new NiceConfig(4, 5, 1000, logistic, 256));
  }

  @Test
  void lossSamplerAndMetricConfigsRefuseBadValues() {
    refuses(() -> new NllConfig(0), "weight", "weight must be > 0 and finite, found 0.0");
    refuses(() -> new SamplerConfigs.Flow(0, 1, 10), "count", "count must be > 0, found 0");
    refuses(() -> new SamplerConfigs.Flow(4, -0.5, 10), "temperature", "temperature must be > 0 and finite, found -0.5");
    refuses(() -> new SamplerConfigs.Flow(4, 1, 0), "batchSize", "batchSize must be > 0, found 0");
    refuses(() -> new SamplerConfigs.Roundtrip(-1), "count", "count must be > 0, found -1");
    refuses(() -> new MetricConfigs.FlowNll(-1, 1), "limit", "limit must be >= 0, found -1");
    refuses(() -> new MetricConfigs.FlowNll(0, 0), "dequantizationSamples", "dequantizationSamples must be > 0, found 0");
    refuses(() -> new MetricConfigs.Invertibility(-5), "limit", "limit must be >= 0, found -5");
  }
}
