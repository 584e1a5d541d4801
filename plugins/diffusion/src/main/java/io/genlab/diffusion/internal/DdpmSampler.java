package io.genlab.diffusion.internal;

import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.SamplerConfigs;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ancestral sampling (Ho et al., 2020, Algorithm 2) through every timestep: x_{t-1} = mu~(x_t, x0) +
 * sigma_t z, with the posterior mean mu~ = sqrt(abar_{t-1}) beta_t / (1 - abar_t) x0 + sqrt(alpha_t)
 * (1 - abar_{t-1}) / (1 - abar_t) x_t, which equals the paper's eps form when x0 is not clipped.
 */
public final class DdpmSampler extends ReverseSampler {
  private final SamplerConfigs.Ddpm config;

  public DdpmSampler(SamplerConfigs.Ddpm config) {
    super("ddpm", config.count(), config.batchSize(), config.guidanceScale(), config.clip(), config.trajectory());
    this.config = config;
  }

  @Override
  int[] timesteps(NoiseSchedule schedule) {
    int[] out = new int[schedule.timesteps()];
    for (int k = 0; k < out.length; k++) {
      out[k] = out.length - 1 - k;
    }
    return out;
  }

  @Override
  INDArray update(NoiseSchedule schedule, int t, int previous, INDArray xt, INDArray x0, INDArray eps, NoiseDraw noise) {
    double alphaBar = schedule.alphaBar(t);
    double alphaBarPrevious = schedule.alphaBar(t - 1);
    double x0Weight = Math.sqrt(alphaBarPrevious) * schedule.beta(t) / (1 - alphaBar);
    double xtWeight = Math.sqrt(schedule.alpha(t)) * (1 - alphaBarPrevious) / (1 - alphaBar);
    INDArray mean = x0.mul(x0Weight).addi(xt.mul(xtWeight));
    if (t == 0) {
      return mean;
    }
    double variance = config.variance() == SamplerConfigs.Variance.BETA ? schedule.beta(t) : schedule.posteriorVariance(t);
    return mean.addi(noise.normal().muli(Math.sqrt(variance)));
  }
}
