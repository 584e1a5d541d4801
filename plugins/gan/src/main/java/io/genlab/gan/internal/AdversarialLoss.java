package io.genlab.gan.internal;

import io.genlab.gan.LossConfigs;

/**
 * The penalty-free adversarial losses: {@code minimax}, {@code non-saturating}, {@code lsgan} and
 * {@code hinge} (see {@link Adversary} for their terms), plus the conditional terms of ACGAN and
 * InfoGAN models. Create with the static factories.
 */
public final class AdversarialLoss extends GanLoss {
  private final Adversary adversary;

  private AdversarialLoss(String name, Adversary adversary, LossConfigs.Adversarial config) {
    super(name, config.discriminatorSteps(), config.auxiliaryWeight(), config.informationWeight());
    this.adversary = adversary;
  }

  /** Goodfellow's minimax loss: G minimises E[log(1 - sigmoid(df))] = -mean(softplus(df)). */
  public static AdversarialLoss minimax(LossConfigs.Adversarial config) {
    return new AdversarialLoss("minimax", Adversary.MINIMAX, config);
  }

  /** The non-saturating loss: G minimises -E[log sigmoid(df)] = mean(softplus(-df)). */
  public static AdversarialLoss nonSaturating(LossConfigs.Adversarial config) {
    return new AdversarialLoss("non-saturating", Adversary.NON_SATURATING, config);
  }

  /** The least-squares loss (a = 0, b = c = 1). */
  public static AdversarialLoss lsgan(LossConfigs.Adversarial config) {
    return new AdversarialLoss("lsgan", Adversary.LSGAN, config);
  }

  /** The hinge loss. */
  public static AdversarialLoss hinge(LossConfigs.Adversarial config) {
    return new AdversarialLoss("hinge", Adversary.HINGE, config);
  }

  @Override
  Terms adversarial(Scope scope) {
    return adversary.terms(scope);
  }
}
