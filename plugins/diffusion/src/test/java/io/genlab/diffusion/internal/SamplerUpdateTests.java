package io.genlab.diffusion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.SamplerConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The samplers' single updates against values worked out by hand on a 10-step linear schedule. */
class SamplerUpdateTests {
  private final NoiseSchedule schedule = NoiseSchedule.linear(10, 0.1, 0.2);
  private final INDArray xt = Nd4j.createFromArray(0.3, -0.7);
  private final INDArray x0 = Nd4j.createFromArray(0.5, -0.25);
  private final INDArray eps = Nd4j.createFromArray(-1.0, 2.0);
  private final INDArray z = Nd4j.createFromArray(0.4, 0.9);

  private static SamplerConfigs.Ddim ddim(int steps, double eta) {
    return new SamplerConfigs.Ddim(4, 4, steps, eta, 1.0, false, 0, "", 1.0);
  }

  @Test
  void ddimVisitsEvenlySpacedTimestepsDownToZero() {
    assertThat(new DdimSampler(ddim(5, 0)).timesteps(schedule)).containsExactly(8, 6, 4, 2, 0);
    assertThat(new DdimSampler(ddim(3, 0)).timesteps(schedule)).containsExactly(6, 3, 0);
    assertThat(new DdimSampler(ddim(10, 0)).timesteps(schedule)).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  }

  @Test
  void ddimStepWithEtaZeroIsTheDeterministicUpdate() {
    // t = 6 -> 3: x' = sqrt(abar_3) x0 + sqrt(1 - abar_3) eps, no noise drawn.
    INDArray next = new DdimSampler(ddim(3, 0)).update(schedule, 6, 3, xt, x0, eps, null, () -> {
      throw new AssertionError("eta = 0 must not draw noise");
    });
    double a3 = 0.9 * 0.8889 * 0.8778 * 0.8667; // 1 - beta_t for t = 0..3: betas 0.1, 0.1111, 0.1222, 0.1333
    double abar = schedule.alphaBar(3);
    assertThat(abar).isCloseTo(a3, within(1e-4));
    for (int i = 0; i < 2; i++) {
      double expected = Math.sqrt(abar) * x0.getDouble(i) + Math.sqrt(1 - abar) * eps.getDouble(i);
      assertThat(next.getDouble(i)).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void ddimStepWithEtaOneAddsTheSubsequencePosteriorNoise() {
    double abarT = schedule.alphaBar(6);
    double abarPrev = schedule.alphaBar(3);
    double sigma = Math.sqrt((1 - abarPrev) / (1 - abarT)) * Math.sqrt(1 - abarT / abarPrev);
    INDArray next = new DdimSampler(ddim(3, 1)).update(schedule, 6, 3, xt, x0, eps, null, () -> z.dup());
    for (int i = 0; i < 2; i++) {
      double expected = Math.sqrt(abarPrev) * x0.getDouble(i) + Math.sqrt(1 - abarPrev - sigma * sigma) * eps.getDouble(i)
          + sigma * z.getDouble(i);
      assertThat(next.getDouble(i)).isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void ddimLastStepReturnsThePredictedCleanInput() {
    INDArray out = new DdimSampler(ddim(3, 1)).update(schedule, 0, -1, xt, x0, eps, null, () -> z.dup());
    assertThat(out.toDoubleVector()).containsExactly(x0.toDoubleVector());
  }

  @Test
  void ddpmStepEqualsHoAlgorithmTwoInItsEpsForm() {
    // With x0 = (x_t - sqrt(1 - abar) eps) / sqrt(abar), the posterior mean is 1/sqrt(alpha) (x_t - beta / sqrt(1 - abar) eps).
    int t = 5;
    double abar = schedule.alphaBar(t);
    INDArray predictedX0 = xt.sub(eps.mul(Math.sqrt(1 - abar))).div(Math.sqrt(abar));
    for (SamplerConfigs.Variance variance : List.of(SamplerConfigs.Variance.BETA, SamplerConfigs.Variance.POSTERIOR)) {
      var sampler = new DdpmSampler(new SamplerConfigs.Ddpm(4, 4, variance, 1.0, false, 0, "", 1.0));
      INDArray next = sampler.update(schedule, t, t - 1, xt, predictedX0, eps, null, () -> z.dup());
      double sigma2 = variance == SamplerConfigs.Variance.BETA ? schedule.beta(t) : schedule.posteriorVariance(t);
      for (int i = 0; i < 2; i++) {
        double mean = (xt.getDouble(i) - schedule.beta(t) / Math.sqrt(1 - abar) * eps.getDouble(i)) / Math.sqrt(schedule.alpha(t));
        assertThat(next.getDouble(i)).as("%s [%d]", variance, i).isCloseTo(mean + Math.sqrt(sigma2) * z.getDouble(i), within(1e-12));
      }
    }
  }

  @Test
  void ddpmLastStepIsTheNoiselessMean() {
    var sampler = new DdpmSampler(SamplerConfigs.Ddpm.DEFAULTS);
    INDArray out = sampler.update(schedule, 0, -1, xt, x0, eps, null, () -> {
      throw new AssertionError("the last step draws no noise");
    });
    for (int i = 0; i < 2; i++) {
      assertThat(out.getDouble(i)).isCloseTo(x0.getDouble(i), within(1e-12));
    }
    assertThat(sampler.timesteps(schedule)).hasSize(10).startsWith(9).endsWith(0);
  }

  @Test
  void classifierGuidanceShiftsTheDdpmMeanBySigmaSquaredTimesTheScaledGradient() {
    INDArray guidance = Nd4j.createFromArray(0.6, -1.5); // s grad log p(y | x_t)
    for (SamplerConfigs.Variance variance : List.of(SamplerConfigs.Variance.BETA, SamplerConfigs.Variance.POSTERIOR)) {
      var sampler = new DdpmSampler(new SamplerConfigs.Ddpm(4, 4, variance, 1.0, false, 0, "run", 2.0));
      for (int t : new int[] {5, 0}) {
        INDArray plain = sampler.update(schedule, t, t - 1, xt, x0, eps, null, () -> z.dup());
        INDArray guided = sampler.update(schedule, t, t - 1, xt, x0, eps, guidance, () -> z.dup());
        double sigma2 = variance == SamplerConfigs.Variance.BETA ? schedule.beta(t) : schedule.posteriorVariance(t);
        for (int i = 0; i < 2; i++) {
          assertThat(guided.getDouble(i) - plain.getDouble(i)).as("%s t=%d [%d]", variance, t, i)
              .isCloseTo(sigma2 * guidance.getDouble(i), within(1e-12));
        }
      }
    }
  }

  @Test
  void classifierGuidanceShiftsDdimsNoiseEstimateAndPredictsX0FromIt() {
    int t = 6;
    double abar = schedule.alphaBar(t);
    INDArray consistentX0 = xt.sub(eps.mul(Math.sqrt(1 - abar))).div(Math.sqrt(abar));
    INDArray guidance = Nd4j.createFromArray(0.6, -1.5);
    var guided = new DdimSampler(ddim(3, 0)).guide(schedule, t, consistentX0, eps, guidance);
    for (int i = 0; i < 2; i++) {
      double shiftedEps = eps.getDouble(i) - Math.sqrt(1 - abar) * guidance.getDouble(i);
      assertThat(guided.eps().getDouble(i)).isCloseTo(shiftedEps, within(1e-12));
      // Algorithm 2: x0 = (x_t - sqrt(1 - abar) eps^) / sqrt(abar).
      assertThat(guided.x0().getDouble(i)).isCloseTo((xt.getDouble(i) - Math.sqrt(1 - abar) * shiftedEps)
          / Math.sqrt(abar), within(1e-12));
    }
    // DDPM shifts its mean in the update instead and leaves the estimates alone.
    var untouched = new DdpmSampler(SamplerConfigs.Ddpm.DEFAULTS).guide(schedule, t, consistentX0, eps, guidance);
    assertThat(untouched.x0()).isSameAs(consistentX0);
    assertThat(untouched.eps()).isSameAs(eps);
  }
}
