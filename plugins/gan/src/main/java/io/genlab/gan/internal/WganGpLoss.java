package io.genlab.gan.internal;

import io.genlab.gan.GanModel;
import io.genlab.gan.LossConfigs;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code wgan-gp}: the Wasserstein loss with the gradient penalty of Gulrajani et al. (2017). The critic
 * minimises {@code mean(df) - mean(dr) + lambda * mean((||grad D(x_hat)|| - 1)^2)} at
 * {@code x_hat = mix * real + (1 - mix) * fake}, {@code mix ~ U[0, 1]} per example (the model's
 * {@link GanModel#PENALTY_MIX} input); the generator minimises {@code -mean(df)}. The input gradient comes
 * from {@link GanModel#discriminate} (SameDiff has no double backprop), so the discriminator must not
 * normalise batches.
 */
public final class WganGpLoss extends GanLoss {
  private final double lambda;

  public WganGpLoss(LossConfigs.WganGp config) {
    super("wgan-gp", config.criticSteps(), config.auxiliaryWeight(), config.informationWeight());
    this.lambda = config.lambda();
  }

  @Override
  Terms adversarial(Scope scope) {
    Terms wasserstein = Adversary.WASSERSTEIN.terms(scope);
    SDVariable mix = noise(scope, GanModel.PENALTY_MIX);
    SDVariable real = scope.graph().output(GanModel.REAL);
    SDVariable fake = scope.graph().output(GanModel.FAKE);
    SDVariable interpolates = mix.mul(real).add(mix.rsub(1.0).mul(fake));
    SDVariable penalty = gradientPenalty(scope, interpolates);
    return new Terms(wasserstein.discriminator().add(penalty.mul(lambda)), wasserstein.generator());
  }

  @Override
  boolean penalisesInputGradient() {
    return true;
  }
}
