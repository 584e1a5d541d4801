package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.engine.config.ConfigBinder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sampler and metric configs reject bad values with messages naming field, value and rule. */
class GanSamplerMetricConfigTests {

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
  void metricConfigsRejectBadValues() {
    rejects(() -> new MetricConfigs.ModeCoverage(-5, 3, 1, 0), "samples", "samples must be > 0, found -5");
    rejects(() -> new MetricConfigs.ModeCoverage(100, -3, 1, 0), "stdMultiple",
        "stdMultiple must be > 0 and finite, found -3.0");
    rejects(() -> new MetricConfigs.ModeCoverage(100, 3, 0, 0), "minSamplesPerMode",
        "minSamplesPerMode must be > 0, found 0");
    rejects(() -> new MetricConfigs.ModeCoverage(100, 3, 1, -0.1), "std", "std must be >= 0 and finite, found -0.1");
    rejects(() -> new MetricConfigs.Mmd(1, List.of()), "samples", "samples must be >= 2, found 1");
    rejects(() -> new MetricConfigs.Mmd(100, List.of(1.0, -1.0)), "bandwidths",
        "bandwidths[1] must be > 0 and finite, found -1.0 in [1.0, -1.0]");
    rejects(() -> new MetricConfigs.Mmd(100, null), "bandwidths", "bandwidths must be set, found null");
    rejects(() -> new MetricConfigs.SlicedWasserstein(-1, 128), "samples", "samples must be > 0, found -1");
    rejects(() -> new MetricConfigs.SlicedWasserstein(1000, -7), "projections", "projections must be > 0, found -7");
  }

  @Test
  void defaultsAreThoseDocumented() {
    assertThat(SamplerConfigs.Prior.DEFAULTS).isEqualTo(new SamplerConfigs.Prior(64));
    assertThat(SamplerConfigs.Truncated.DEFAULTS).isEqualTo(new SamplerConfigs.Truncated(64, 1.0));
    assertThat(SamplerConfigs.LatentWalk.DEFAULTS).isEqualTo(new SamplerConfigs.LatentWalk(8, 10, true));
    assertThat(SamplerConfigs.ClassSweep.DEFAULTS).isEqualTo(new SamplerConfigs.ClassSweep(8));
    assertThat(MetricConfigs.ModeCoverage.DEFAULTS).isEqualTo(new MetricConfigs.ModeCoverage(2500, 3.0, 1, 0.0));
    assertThat(MetricConfigs.Mmd.DEFAULTS).isEqualTo(new MetricConfigs.Mmd(1000, List.of()));
    assertThat(MetricConfigs.SlicedWasserstein.DEFAULTS).isEqualTo(new MetricConfigs.SlicedWasserstein(1000, 128));
  }

  @Test
  void bandwidthsBindFromASpecAndAreCopied() {
    List<Double> given = new ArrayList<>(Arrays.asList(0.5, 2.0));
    MetricConfigs.Mmd mmd = new MetricConfigs.Mmd(10, given);
    given.set(0, -1.0);
    assertThat(mmd.bandwidths()).containsExactly(0.5, 2.0);
    assertThat(ConfigBinder.bind(MetricConfigs.Mmd.DEFAULTS, Map.of("bandwidths", List.of(0.5, 2)), "mmd"))
        .isEqualTo(new MetricConfigs.Mmd(1000, List.of(0.5, 2.0)));
    assertThat(ConfigBinder.bind(MetricConfigs.Mmd.DEFAULTS, ConfigBinder.toMap(MetricConfigs.Mmd.DEFAULTS), "mmd"))
        .isEqualTo(MetricConfigs.Mmd.DEFAULTS);
  }
}
