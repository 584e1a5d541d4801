package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.LikelihoodUnits;
import org.junit.jupiter.api.Test;

/** The shared unit conversions of log-likelihoods, against hand values. */
class LikelihoodUnitsTests {

  @Test
  void bitsPerDimensionDividesByDimensionsAndLnTwo() {
    // 784 dimensions at 1 bit each: 784 ln 2 = 543.43 nats.
    assertThat(LikelihoodUnits.bitsPerDimension(784 * Math.log(2), 784)).isCloseTo(1.0, within(1e-12));
    assertThat(LikelihoodUnits.natsPerExample(1.05, 784)).isCloseTo(1.05 * 784 * Math.log(2), within(1e-9));
    assertThat(LikelihoodUnits.natsPerExample(LikelihoodUnits.bitsPerDimension(86.6, 784), 784))
        .isCloseTo(86.6, within(1e-12));
    assertThatThrownBy(() -> LikelihoodUnits.bitsPerDimension(1, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dimensions must be > 0, found 0");
  }

  @Test
  void discretizationNatsAreDLogLevels() {
    assertThat(LikelihoodUnits.discretizationNats(784, 256)).isCloseTo(784 * 8 * Math.log(2), within(1e-9));
    // A uniform density on [0,1]^D (log p = 0) is exactly 8 bits per dimension of 8-bit data.
    assertThat(LikelihoodUnits.bitsPerDimension(LikelihoodUnits.discretizationNats(10, 256), 10))
        .isCloseTo(8.0, within(1e-12));
    assertThatThrownBy(() -> LikelihoodUnits.discretizationNats(3, 1)).hasMessageContaining("levels must be >= 2, found 1");
  }

  @Test
  void logitLogDerivativeMatchesFiniteDifferences() {
    double alpha = 0.05;
    for (double x : new double[] {0.0, 0.1, 0.5, 0.93, 1.0}) {
      double h = 1e-6;
      double lo = Math.max(0, x - h);
      double hi = Math.min(1, x + h);
      double numeric = (logit(alpha + (1 - 2 * alpha) * hi) - logit(alpha + (1 - 2 * alpha) * lo)) / (hi - lo);
      assertThat(LikelihoodUnits.logitLogDerivative(x, alpha)).as("x=%s", x).isCloseTo(Math.log(numeric), within(1e-5));
    }
    assertThatThrownBy(() -> LikelihoodUnits.logitLogDerivative(0.5, 0.5)).hasMessageContaining("alpha must be in [0, 0.5), found 0.5");
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  @Test
  void logMeanExpIsStableAndExact() {
    assertThat(LikelihoodUnits.logMeanExp(new double[] {Math.log(0.2), Math.log(0.4)})).isCloseTo(Math.log(0.3), within(1e-12));
    // Far below exp's range: a naive mean of exponentials underflows to log(0).
    assertThat(LikelihoodUnits.logMeanExp(new double[] {-1000, -1000 + Math.log(3)})).isCloseTo(-1000 + Math.log(2), within(1e-9));
    assertThat(LikelihoodUnits.logSumExp(new double[] {Double.NEGATIVE_INFINITY, 0})).isEqualTo(0.0);
    assertThatThrownBy(() -> LikelihoodUnits.logMeanExp(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void protocolsNameLevelsDequantisationAndLogit() {
    assertThat(LikelihoodUnits.discreteProtocol(2))
        .containsEntry("levels", "2").containsEntry("dequantization", "none").containsEntry("logit_alpha", "none");
    assertThat(LikelihoodUnits.dequantizedProtocol(256, 0.05))
        .containsEntry("levels", "256").containsEntry("dequantization", "uniform").containsEntry("logit_alpha", "0.05");
    assertThat(LikelihoodUnits.continuousProtocol()).containsEntry("levels", "continuous");
    assertThatThrownBy(() -> LikelihoodUnits.dequantizedProtocol(256, 0.7)).hasMessageContaining("alpha");
  }
}
