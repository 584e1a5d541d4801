package io.genlab.gan.internal;

import io.genlab.api.ParameterConstraint;
import io.genlab.gan.LossConfigs;

/**
 * {@code wgan}: the Wasserstein GAN of Arjovsky et al. (2017). The critic minimises
 * {@code mean(df) - mean(dr)}, the generator {@code -mean(df)}; after each critic step every critic
 * parameter is clipped to {@code [-clip, clip]} (the objective's {@link ParameterConstraint}). The paper
 * uses 5 critic steps, clip 0.01 and RMSProp with learning rate 5e-5; the optimiser is the spec's choice.
 */
public final class WganLoss extends GanLoss {
  private final ParameterConstraint clip;

  public WganLoss(LossConfigs.Wgan config) {
    super("wgan", config.criticSteps(), config.auxiliaryWeight(), config.informationWeight());
    this.clip = ParameterConstraint.clip(config.clip());
  }

  @Override
  Terms adversarial(Scope scope) {
    return Adversary.WASSERSTEIN.terms(scope);
  }

  @Override
  ParameterConstraint discriminatorConstraint() {
    return clip;
  }
}
