package io.genlab.gan.internal;

import io.genlab.gan.GanModel;
import io.genlab.gan.LossConfigs;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code dragan}: the non-saturating loss with the gradient penalty of Kodali et al. (2017) around the
 * data. The discriminator adds {@code lambda * mean((||grad D(x_hat)|| - 1)^2)} at
 * {@code x_hat = real + mix * (perturbation * std(real) * u)}, with {@code std} over the whole batch
 * (population standard deviation), {@code u ~ U[0, 1]} per value ({@link GanModel#PENALTY_PERTURBATION})
 * and {@code mix ~ U[0, 1]} per example ({@link GanModel#PENALTY_MIX}), as in the reference code
 * ({@code X_p = X + 0.5 * X.std() * U[0, 1]}, then a random point between X and X_p). The discriminator
 * must not normalise batches.
 */
public final class DraganLoss extends GanLoss {
  private final double lambda;
  private final double perturbation;

  public DraganLoss(LossConfigs.Dragan config) {
    super("dragan", config.discriminatorSteps(), config.auxiliaryWeight(), config.informationWeight(),
        config.generatorObjective().equals(LossConfigs.FEATURE_MATCHING), config.realLabel());
    this.lambda = config.lambda();
    this.perturbation = config.perturbation();
  }

  @Override
  Terms adversarial(Scope scope) {
    Terms logistic = Adversary.NON_SATURATING.terms(scope);
    SDVariable mix = noise(scope, GanModel.PENALTY_MIX);
    SDVariable u = noise(scope, GanModel.PENALTY_PERTURBATION);
    SDVariable real = scope.graph().output(GanModel.REAL);
    SDVariable offset = u.mul(real.std(false).mul(perturbation));
    SDVariable perturbed = real.add(mix.mul(offset));
    SDVariable penalty = gradientPenalty(scope, perturbed);
    return new Terms(logistic.discriminator().add(penalty.mul(lambda)), logistic.generator());
  }

  @Override
  boolean penalisesInputGradient() {
    return true;
  }
}
