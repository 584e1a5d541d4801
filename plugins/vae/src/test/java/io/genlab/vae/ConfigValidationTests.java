package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Config records reject bad values with messages naming field, value and rule. */
class ConfigValidationTests {

  @Test
  void latentDimMustBePositive() {
    assertThatThrownBy(() -> new MlpVaeConfig(List.of(400), -3, Likelihood.BERNOULLI, 1.0))
        .isInstanceOf(ConfigException.class).hasMessage("latentDim must be > 0, found -3");
  }

  @Test
  void hiddenSizesMustBePositive() {
    assertThatThrownBy(() -> new MlpVaeConfig(List.of(400, 0), 20, Likelihood.BERNOULLI, 1.0))
        .hasMessage("hiddenSizes[1] must be > 0, found 0 in [400, 0]");
  }

  @Test
  void convVaeNeedsTwoChannelWidths() {
    assertThatThrownBy(() -> new ConvVaeConfig(List.of(32), 256, 16, Likelihood.BERNOULLI, 1.0))
        .hasMessage("channels must list exactly 2 widths, found [32]");
  }

  @Test
  void reconstructionErrorIsOneOfTheKnownKinds() {
    assertThatThrownBy(() -> new ReconstructionConfig("l1"))
        .hasMessage("error must be one of [mse, likelihood], found 'l1'");
  }

  @Test
  void betaMustBeNonNegative() {
    assertThatThrownBy(() -> new ElboConfig(-1)).hasMessage("beta must be >= 0 and finite, found -1.0");
  }
}
