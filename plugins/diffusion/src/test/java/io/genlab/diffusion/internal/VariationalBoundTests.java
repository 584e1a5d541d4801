package io.genlab.diffusion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.SamplerConfigs;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The bound's terms against closed forms and a direct computation with Commons Math. */
class VariationalBoundTests {
  private final NoiseSchedule schedule = NoiseSchedule.linear(10, 0.1, 0.2);

  @Test
  void priorTermIsTheKlOfTheLastNoisedMarginalFromTheStandardNormal() {
    double abar = schedule.alphaBar(9);
    double x = 0.7;
    // KL(N(m, v) || N(0, 1)) = (v + m^2 - 1 - log v) / 2 with m = sqrt(abar) x, v = 1 - abar.
    double expected = 0.5 * ((1 - abar) + abar * x * x - 1 - Math.log(1 - abar));
    assertThat(VariationalBound.priorTerm(schedule, new double[] {x, x})).isCloseTo(2 * expected, within(1e-15));
  }

  @Test
  void diffusionTermIsTheKlBetweenTwoGaussians() {
    int t = 4;
    double[] x0 = {0.3};
    double[] predicted = {-0.2};
    double c0 = Math.sqrt(schedule.alphaBar(3)) * schedule.beta(4) / (1 - schedule.alphaBar(4));
    double meanGap = c0 * 0.5;
    double posterior = schedule.posteriorVariance(4);
    double beta = schedule.beta(4);
    // KL(N(a, s1) || N(b, s2)) = (log(s2 / s1) + (s1 + (a - b)^2) / s2 - 1) / 2.
    assertThat(VariationalBound.diffusionTerm(schedule, t, x0, predicted, SamplerConfigs.Variance.BETA))
        .isCloseTo(0.5 * (Math.log(beta / posterior) + (posterior + meanGap * meanGap) / beta - 1), within(1e-14));
    assertThat(VariationalBound.diffusionTerm(schedule, t, x0, predicted, SamplerConfigs.Variance.POSTERIOR))
        .isCloseTo(0.5 * meanGap * meanGap / posterior, within(1e-14));
    assertThat(VariationalBound.diffusionTerm(schedule, t, x0, x0, SamplerConfigs.Variance.POSTERIOR)).isEqualTo(0.0);
  }

  @Test
  void theDiscretisedDecoderIntegratesTheGaussianOverEachBinAndTheOuterBinsToInfinity() {
    double sigma2 = 0.25; // wide enough that no bin falls below the 1e-12 floor of the log
    NormalDistribution normal = new NormalDistribution(0.1, Math.sqrt(sigma2));
    double inside = 2 * 100 / 255.0 - 1; // the 8-bit value 100
    double expectedInside = Math.log(normal.cumulativeProbability(inside + 1 / 255.0)
        - normal.cumulativeProbability(inside - 1 / 255.0));
    assertThat(VariationalBound.discretisedLogLikelihood(new double[] {inside}, new double[] {0.1}, sigma2))
        .isCloseTo(expectedInside, within(1e-9));
    assertThat(VariationalBound.discretisedLogLikelihood(new double[] {-1}, new double[] {0.1}, sigma2))
        .isCloseTo(Math.log(normal.cumulativeProbability(-1 + 1 / 255.0)), within(1e-9));
    assertThat(VariationalBound.discretisedLogLikelihood(new double[] {1}, new double[] {0.1}, sigma2))
        .isCloseTo(Math.log(1 - normal.cumulativeProbability(1 - 1 / 255.0)), within(1e-9));
    // All 256 bins together hold all the probability.
    double total = 0;
    for (int k = 0; k < 256; k++) {
      total += Math.exp(VariationalBound.discretisedLogLikelihood(new double[] {2 * k / 255.0 - 1}, new double[] {0.1}, sigma2));
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void theContinuousDecoderIsTheGaussianNegativeLogDensity() {
    NormalDistribution normal = new NormalDistribution(0.25, 0.3);
    assertThat(VariationalBound.gaussianNll(new double[] {0.5}, new double[] {0.25}, 0.09))
        .isCloseTo(-normal.logDensity(0.5), within(1e-12));
  }
}
