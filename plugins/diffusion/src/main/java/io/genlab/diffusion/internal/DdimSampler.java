package io.genlab.diffusion.internal;

import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.SamplerConfigs;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DDIM (Song et al., 2021, eq. 12) on the timesteps floor(i T / S), i = S-1 .. 0: x_{t'} =
 * sqrt(abar_{t'}) x0 + sqrt(1 - abar_{t'} - sigma^2) eps + sigma z, with sigma = eta sqrt((1 -
 * abar_{t'}) / (1 - abar_t)) sqrt(1 - abar_t / abar_{t'}); after the last step abar_{t'} = 1, so the
 * output is the predicted x0. With eta = 0 the chain draws no noise after x_T. Classifier guidance replaces
 * eps by eps - sqrt(1 - abar_t) s grad log p(y | x_t) and x0 by the prediction from it, before clipping
 * (Dhariwal and Nichol, 2021, Algorithm 2).
 */
public final class DdimSampler extends ReverseSampler {
  private final SamplerConfigs.Ddim config;

  public DdimSampler(SamplerConfigs.Ddim config) {
    super("ddim", config.count(), config.batchSize(), config.guidanceScale(), config.clip(), config.trajectory(),
        config.classifierRun(), config.classifierScale());
    this.config = config;
  }

  @Override
  int[] timesteps(NoiseSchedule schedule) {
    int steps = config.steps();
    int[] out = new int[steps];
    for (int i = 0; i < steps; i++) {
      out[steps - 1 - i] = (int) ((long) i * schedule.timesteps() / steps);
    }
    return out;
  }

  @Override
  Optional<String> incompatibility(NoiseSchedule schedule) {
    return config.steps() <= schedule.timesteps() ? Optional.empty()
        : Optional.of("ddim: steps must be <= the model's T = " + schedule.timesteps() + ", found " + config.steps());
  }

  @Override
  Estimates guide(NoiseSchedule schedule, int t, INDArray x0, INDArray eps, INDArray guidance) {
    // Algorithm 2 of Dhariwal and Nichol: eps^ = eps - sqrt(1 - abar_t) s grad, and x0 predicted from eps^,
    // which moves x0 by (1 - abar_t) / sqrt(abar_t) s grad.
    double alphaBar = schedule.alphaBar(t);
    INDArray guidedEps = eps.sub(guidance.mul(Math.sqrt(1 - alphaBar)));
    INDArray guidedX0 = x0.add(guidance.mul((1 - alphaBar) / Math.sqrt(alphaBar)));
    return new Estimates(guidedX0, guidedEps);
  }

  @Override
  INDArray update(NoiseSchedule schedule, int t, int previous, INDArray xt, INDArray x0, INDArray eps,
      INDArray guidance, NoiseDraw noise) {
    double alphaBar = schedule.alphaBar(t);
    double alphaBarNext = schedule.alphaBar(previous);
    double sigma = config.eta() * Math.sqrt((1 - alphaBarNext) / (1 - alphaBar)) * Math.sqrt(1 - alphaBar / alphaBarNext);
    double direction = Math.sqrt(Math.max(1 - alphaBarNext - sigma * sigma, 0));
    INDArray next = x0.mul(Math.sqrt(alphaBarNext)).addi(eps.mul(direction));
    return sigma > 0 ? next.addi(noise.normal().muli(sigma)) : next;
  }
}
