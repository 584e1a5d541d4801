package io.genlab.gan.internal;

import io.genlab.api.ConfigException;
import io.genlab.gan.LossConfigs;

/**
 * The penalty-free adversarial losses: {@code minimax}, {@code non-saturating}, {@code lsgan} and
 * {@code hinge} (see {@link Adversary} for their terms), plus the conditional terms of ACGAN and
 * InfoGAN models and, where configured, feature matching and one-sided label smoothing (see {@link GanLoss}). Create with the static factories.
 */
public final class AdversarialLoss extends GanLoss {
  private final Adversary adversary;

  private AdversarialLoss(String name, Adversary adversary, LossConfigs.Adversarial config) {
    super(name, config.discriminatorSteps(), config.auxiliaryWeight(), config.informationWeight(),
        config.generatorObjective().equals(LossConfigs.FEATURE_MATCHING), config.realLabel());
    this.adversary = adversary;
  }

  /** Refuses label smoothing for a loss without the logistic discriminator term. */
  private static LossConfigs.Adversarial withoutCrossEntropy(String name, LossConfigs.Adversarial config) {
    if (config.realLabel() != 1.0) {
      throw new ConfigException("realLabel", "realLabel " + config.realLabel() + " is label smoothing for a "
          + "cross-entropy, which " + name + " has no term for; use minimax, non-saturating or dragan, or realLabel: 1");
    }
    return config;
  }

  /** Goodfellow's minimax loss: G minimises E[log(1 - sigmoid(df))] = -mean(softplus(df)). */
  public static AdversarialLoss minimax(LossConfigs.Adversarial config) {
    return new AdversarialLoss("minimax", Adversary.MINIMAX, config);
  }

  /** The non-saturating loss: G minimises -E[log sigmoid(df)] = mean(softplus(-df)). */
  public static AdversarialLoss nonSaturating(LossConfigs.Adversarial config) {
    return new AdversarialLoss("non-saturating", Adversary.NON_SATURATING, config);
  }

  /** The least-squares loss (a = 0, b = c = 1); refuses {@code realLabel} below 1. */
  public static AdversarialLoss lsgan(LossConfigs.Adversarial config) {
    return new AdversarialLoss("lsgan", Adversary.LSGAN, withoutCrossEntropy("lsgan", config));
  }

  /** The hinge loss; refuses {@code realLabel} below 1. */
  public static AdversarialLoss hinge(LossConfigs.Adversarial config) {
    return new AdversarialLoss("hinge", Adversary.HINGE, withoutCrossEntropy("hinge", config));
  }

  @Override
  Terms adversarial(Scope scope) {
    return adversary.terms(scope);
  }
}
