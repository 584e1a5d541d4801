package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import org.junit.jupiter.api.Test;

/** Sampler configs reject bad values with messages naming field, value and rule. */
class GanSamplerConfigTests {

  private static void rejects(Runnable create, String field, String message) {
    assertThatThrownBy(create::run).isInstanceOf(ConfigException.class).hasMessage(message)
        .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
  }

  @Test
  void samplerConfigsRejectBadValues() {
    rejects(() -> new SamplerConfigs.Prior(-1), "count", "count must be > 0, found -1");
    rejects(() -> new SamplerConfigs.Truncated(0, 1), "count", "count must be > 0, found 0");
    rejects(() -> new SamplerConfigs.Truncated(64, -0.5), "threshold", "threshold must be > 0 and finite, found -0.5");
    rejects(() -> new SamplerConfigs.Truncated(64, 0), "threshold", "threshold must be > 0 and finite, found 0.0");
    rejects(() -> new SamplerConfigs.LatentWalk(-2, 10, true), "rows", "rows must be > 0, found -2");
    rejects(() -> new SamplerConfigs.LatentWalk(8, 1, true), "steps", "steps must be >= 2, found 1");
    rejects(() -> new SamplerConfigs.ClassSweep(0), "perClass", "perClass must be > 0, found 0");
  }

  @Test
  void defaultsAreThoseDocumented() {
    assertThat(SamplerConfigs.Prior.DEFAULTS).isEqualTo(new SamplerConfigs.Prior(64));
    assertThat(SamplerConfigs.Truncated.DEFAULTS).isEqualTo(new SamplerConfigs.Truncated(64, 1.0));
    assertThat(SamplerConfigs.LatentWalk.DEFAULTS).isEqualTo(new SamplerConfigs.LatentWalk(8, 10, true));
    assertThat(SamplerConfigs.ClassSweep.DEFAULTS).isEqualTo(new SamplerConfigs.ClassSweep(8));
  }
}
