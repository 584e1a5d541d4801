package io.genlab.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import org.junit.jupiter.api.Test;

class NoiseScheduleTests {

  @Test
  void linearBetasRunFromStartToEndAndAlphaBarIsTheirProduct() {
    NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
    assertThat(s.timesteps()).isEqualTo(1000);
    assertThat(s.beta(0)).isEqualTo(1e-4);
    assertThat(s.beta(999)).isCloseTo(0.02, within(1e-15));
    assertThat(s.beta(500)).isCloseTo(1e-4 + (0.02 - 1e-4) * 500 / 999, within(1e-15));
    double product = 1;
    for (int t = 0; t < 1000; t++) {
      product *= 1 - s.beta(t);
      assertThat(s.alphaBar(t)).isCloseTo(product, within(1e-15));
    }
    // The figure DDPM's linear schedule is known for: almost no signal left at T.
    assertThat(s.alphaBar(999)).isCloseTo(4.036e-5, within(1e-7));
    assertThat(s.alphaBar(-1)).isEqualTo(1.0);
  }

  @Test
  void cosineAlphaBarFollowsTheSquaredCosineClosedForm() {
    int steps = 1000;
    double offset = 0.008;
    NoiseSchedule s = NoiseSchedule.cosine(steps, offset);
    double f0 = Math.pow(Math.cos(offset / (1 + offset) * Math.PI / 2), 2);
    for (int t : new int[] {0, 1, 10, 250, 500, 900}) {
      double f = Math.pow(Math.cos(((t + 1.0) / steps + offset) / (1 + offset) * Math.PI / 2), 2);
      assertThat(s.alphaBar(t)).as("alphaBar(%d)", t).isCloseTo(f / f0, within(1e-12));
    }
    // Near T the ratio's betas are clipped at 0.999, as in Nichol and Dhariwal's code.
    assertThat(s.beta(steps - 1)).isEqualTo(NoiseSchedule.MAX_COSINE_BETA);
  }

  @Test
  void posteriorVarianceIsBetaTildeAndZeroAtTheFirstStep() {
    NoiseSchedule s = NoiseSchedule.linear(10, 0.1, 0.2);
    assertThat(s.posteriorVariance(0)).isEqualTo(0.0);
    double expected = (1 - s.alphaBar(4)) / (1 - s.alphaBar(5)) * s.beta(5);
    assertThat(s.posteriorVariance(5)).isCloseTo(expected, within(1e-15));
    assertThat(s.posteriorVariance(5)).isLessThan(s.beta(5));
  }

  @Test
  void lookupTablesHoldSquareRoots() {
    NoiseSchedule s = NoiseSchedule.linear(4, 0.1, 0.4);
    float[] signal = s.sqrtAlphaBars();
    float[] noise = s.sqrtOneMinusAlphaBars();
    for (int t = 0; t < 4; t++) {
      assertThat((double) signal[t] * signal[t] + (double) noise[t] * noise[t]).isCloseTo(1.0, within(1e-6));
      assertThat((double) signal[t]).isCloseTo(Math.sqrt(s.alphaBar(t)), within(1e-7));
    }
  }

  @Test
  void invalidProcessSettingsNameFieldValueAndRule() {
    assertThatThrownBy(() -> new DiffusionConfig(0, NoiseSchedule.Kind.LINEAR, 1e-4, 0.02, 0.008, Prediction.EPS, false, 0.1, 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("timesteps must be > 0, found 0");
    assertThatThrownBy(() -> new DiffusionConfig(1000, NoiseSchedule.Kind.LINEAR, 0.03, 0.02, 0.008, Prediction.EPS, false, 0.1, 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("betaEnd must be in [betaStart, 1)").hasMessageContaining("0.02");
    assertThatThrownBy(() -> new DiffusionConfig(1000, NoiseSchedule.Kind.LINEAR, 1e-4, 0.02, 0.008, Prediction.EPS, true, 1.0, 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("labelDropout must be in [0, 1), found 1.0");
    assertThatThrownBy(() -> new DiffusionConfig(1000, NoiseSchedule.Kind.LINEAR, 1e-4, 0.02, 0.008, Prediction.EPS, false, 0.1, 1.0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("emaDecay must be in [0, 1) (0: off), found 1.0");
  }
}
