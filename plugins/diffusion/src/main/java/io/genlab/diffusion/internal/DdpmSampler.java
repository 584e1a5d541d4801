package io.genlab.diffusion.internal;

import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.SamplerConfigs;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ancestral sampling (Ho et al., 2020, Algorithm 2) through every timestep: x_{t-1} = mu~(x_t, x0) +
 * sigma_t z, with the posterior mean mu~ = sqrt(abar_{t-1}) beta_t / (1 - abar_t) x0 + sqrt(alpha_t)
 * (1 - abar_{t-1}) / (1 - abar_t) x_t, which equals the paper's eps form when x0 is not clipped. Classifier
 * guidance shifts the mean by s sigma_t^2 grad log p(y | x_t) at every step, the last included (Dhariwal and
 * Nichol, 2021, Algorithm 1), where the sampler's sigma_t^2 is the one its noise uses.
 */
public final class DdpmSampler extends ReverseSampler {
  private final SamplerConfigs.Ddpm config;

  public DdpmSampler(SamplerConfigs.Ddpm config) {
    super("ddpm", config.count(), config.batchSize(), config.guidanceScale(), config.clip(), config.trajectory(),
        config.classifierRun(), config.classifierScale());
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
  INDArray update(NoiseSchedule schedule, int t, int previous, INDArray xt, INDArray x0, INDArray eps,
      INDArray guidance, NoiseDraw noise) {
    double alphaBar = schedule.alphaBar(t);
    double alphaBarPrevious = schedule.alphaBar(t - 1);
    double x0Weight = Math.sqrt(alphaBarPrevious) * schedule.beta(t) / (1 - alphaBar);
    double xtWeight = Math.sqrt(schedule.alpha(t)) * (1 - alphaBarPrevious) / (1 - alphaBar);
    INDArray mean = x0.mul(x0Weight).addi(xt.mul(xtWeight));
    double variance = config.variance() == SamplerConfigs.Variance.BETA ? schedule.beta(t) : schedule.posteriorVariance(t);
    if (guidance != null) {
      // Algorithm 1 of Dhariwal and Nichol: mu + s Sigma grad log p(y | x_t), Sigma = sigma_t^2 I.
      mean.addi(guidance.mul(variance));
    }
    if (t == 0) {
      return mean;
    }
    return mean.addi(noise.normal().muli(Math.sqrt(variance)));
  }
}
