package ${package};

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.genlab.api.ConfigException;
import org.junit.jupiter.api.Test;

/** Each config record refuses bad values with a message naming the field, the value and the rule. */
class ConfigValidationTests {

  @Test
  void modelConfigRefusesANonPositiveStdAndANegativeMeanScale() {
    assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new GaussianConfig(0.0, 0.1))
        .withMessage("initialStd must be > 0 and finite, found 0.0");
    assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new GaussianConfig(1.0, -1.0))
        .withMessage("initialMeanScale must be >= 0 and finite, found -1.0");
  }

  @Test
  void lossConfigRefusesANonPositiveWeight() {
    assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new NllConfig(-2.0))
        .withMessage("weight must be > 0 and finite, found -2.0");
  }

  @Test
  void samplerConfigRefusesNoSamplesAndANonPositiveTemperature() {
    assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new SamplerConfig(0, 1.0))
        .withMessage("count must be > 0, found 0");
    assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new SamplerConfig(10, Double.NaN))
        .withMessage("temperature must be > 0 and finite, found NaN");
  }

  @Test
  void metricConfigRefusesANegativeLimit() {
    assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new TestNllConfig(-1))
        .withMessage("limit must be >= 0, found -1");
  }
}
