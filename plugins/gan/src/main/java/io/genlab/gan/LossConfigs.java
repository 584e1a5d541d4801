package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's adversarial losses, one record per family of fields.
 *
 * <p>Every loss adds the conditional terms its model asks for ({@link GanModel#conditioning()}):
 * ACGAN's auxiliary classification cross-entropy weighted by {@code auxiliaryWeight}, InfoGAN's
 * mutual-information lower bound weighted by {@code informationWeight}. The weights are ignored by
 * models without that conditioning.
 *
 * <p>The logistic losses ({@code minimax}, {@code non-saturating}, {@code dragan}) also take two tricks of
 * Salimans et al. (2016), both off by default: {@code generatorObjective: feature-matching} replaces the
 * generator's adversarial term with {@code ||mean f(x) - mean f(G(z))||^2} over the discriminator's last
 * hidden layer {@code f} (batch means, squared Euclidean norm), and {@code realLabel} below 1 is one-sided
 * label smoothing: the discriminator's cross-entropy takes that target for real examples (generated ones
 * keep 0). {@code lsgan} and {@code hinge} share the first record and accept feature matching but refuse
 * {@code realLabel}, which has no meaning without a cross-entropy. Immutable and thread-safe.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class LossConfigs {
  private LossConfigs() {}

  /** The generator's usual adversarial term. */
  public static final String ADVERSARIAL = "adversarial";
  /** Feature matching (Salimans et al. 2016) in place of the generator's adversarial term. */
  public static final String FEATURE_MATCHING = "feature-matching";

  /** Requires a known generator objective. */
  static String checkGeneratorObjective(String value) {
    return Check.oneOf("generatorObjective", value, ADVERSARIAL, FEATURE_MATCHING);
  }

  /** Requires a real-example target in (0, 1]. */
  static double checkRealLabel(double value) {
    if (!(value > 0 && value <= 1)) {
      throw new io.genlab.api.ConfigException("realLabel", "realLabel must be in (0, 1], found " + value);
    }
    return value;
  }

  /**
   * Config of {@code minimax}, {@code non-saturating}, {@code lsgan} and {@code hinge}.
   *
   * @param discriminatorSteps discriminator steps per generator step, at least 1
   * @param auxiliaryWeight weight of ACGAN's class cross-entropy, at least 0
   * @param informationWeight weight of InfoGAN's information term, at least 0
   * @param generatorObjective {@value #ADVERSARIAL} or {@value #FEATURE_MATCHING}
   * @param realLabel the discriminator's target for real examples, in (0, 1]; below 1 only for minimax and
   *     non-saturating
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record Adversarial(
      @Description("discriminator steps per generator step") int discriminatorSteps,
      @Description("weight of ACGAN's auxiliary class cross-entropy (ACGAN models only)") double auxiliaryWeight,
      @Description("weight of InfoGAN's information term (InfoGAN models only)") double informationWeight,
      @Description("adversarial, or feature-matching: G minimises ||mean f(x) - mean f(G(z))||^2 over D's last hidden layer")
      String generatorObjective,
      @Description("target for real examples in D's cross-entropy, in (0, 1]; 0.9 is one-sided label smoothing "
          + "(minimax and non-saturating only)")
      double realLabel) {
    /** One discriminator step; both conditional weights 1; the adversarial generator objective; real label 1. */
    public static final Adversarial DEFAULTS = new Adversarial(1, 1.0, 1.0);

    public Adversarial {
      Check.positive("discriminatorSteps", discriminatorSteps);
      Check.nonNegative("auxiliaryWeight", auxiliaryWeight);
      Check.nonNegative("informationWeight", informationWeight);
      checkGeneratorObjective(generatorObjective);
      checkRealLabel(realLabel);
    }

    /** The adversarial generator objective and real label 1 (neither trick). */
    public Adversarial(int discriminatorSteps, double auxiliaryWeight, double informationWeight) {
      this(discriminatorSteps, auxiliaryWeight, informationWeight, ADVERSARIAL, 1.0);
    }
  }

  /**
   * Config of {@code wgan}: the Wasserstein GAN of Arjovsky et al. (2017) with weight clipping.
   *
   * <p>The paper trains the critic 5 times per generator step with clip 0.01 and uses RMSProp with
   * learning rate 5e-5 for both networks (momentum-based optimisers destabilised it); the optimiser
   * itself is chosen in the spec's training section.
   *
   * @param criticSteps critic steps per generator step, at least 1
   * @param clip the bound c: after each critic step every critic parameter is clipped to [-c, c]
   * @param auxiliaryWeight weight of ACGAN's class cross-entropy, at least 0
   * @param informationWeight weight of InfoGAN's information term, at least 0
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record Wgan(
      @Description("critic steps per generator step (the paper uses 5)") int criticSteps,
      @Description("critic parameters are clipped to [-clip, clip] after each critic step") double clip,
      @Description("weight of ACGAN's auxiliary class cross-entropy (ACGAN models only)") double auxiliaryWeight,
      @Description("weight of InfoGAN's information term (InfoGAN models only)") double informationWeight) {
    /** 5 critic steps, clip 0.01, both conditional weights 1. */
    public static final Wgan DEFAULTS = new Wgan(5, 0.01, 1.0, 1.0);

    public Wgan {
      Check.positive("criticSteps", criticSteps);
      Check.positive("clip", clip);
      Check.nonNegative("auxiliaryWeight", auxiliaryWeight);
      Check.nonNegative("informationWeight", informationWeight);
    }
  }

  /**
   * Config of {@code wgan-gp}: the Wasserstein GAN with the gradient penalty of Gulrajani et al. (2017).
   *
   * @param criticSteps critic steps per generator step, at least 1
   * @param lambda weight of the penalty {@code E[(||grad D(x_hat)|| - 1)^2]}, at least 0
   * @param auxiliaryWeight weight of ACGAN's class cross-entropy, at least 0
   * @param informationWeight weight of InfoGAN's information term, at least 0
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record WganGp(
      @Description("critic steps per generator step (the paper uses 5)") int criticSteps,
      @Description("weight of the gradient penalty (the paper uses 10)") double lambda,
      @Description("weight of ACGAN's auxiliary class cross-entropy (ACGAN models only)") double auxiliaryWeight,
      @Description("weight of InfoGAN's information term (InfoGAN models only)") double informationWeight) {
    /** 5 critic steps, lambda 10, both conditional weights 1. */
    public static final WganGp DEFAULTS = new WganGp(5, 10.0, 1.0, 1.0);

    public WganGp {
      Check.positive("criticSteps", criticSteps);
      Check.nonNegative("lambda", lambda);
      Check.nonNegative("auxiliaryWeight", auxiliaryWeight);
      Check.nonNegative("informationWeight", informationWeight);
    }
  }

  /**
   * Config of {@code dragan}: the non-saturating loss with the gradient penalty of Kodali et al. (2017)
   * around perturbed real data.
   *
   * <p>The default {@code lambda} is the paper's 10. On the 2-D toy mixtures it keeps the samples on one
   * blob (here and in a PyTorch re-implementation of the reference code,
   * {@code experiments/bench/dragan_toy_peer.py}); {@code lambda: 1} learns there.
   *
   * @param discriminatorSteps discriminator steps per generator step, at least 1
   * @param lambda weight of the penalty, at least 0
   * @param perturbation scale of the perturbations in units of the batch's standard deviation, above 0
   * @param auxiliaryWeight weight of ACGAN's class cross-entropy, at least 0
   * @param informationWeight weight of InfoGAN's information term, at least 0
   * @param generatorObjective {@value #ADVERSARIAL} or {@value #FEATURE_MATCHING}
   * @param realLabel the discriminator's target for real examples, in (0, 1]
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record Dragan(
      @Description("discriminator steps per generator step") int discriminatorSteps,
      @Description("weight of the gradient penalty (the paper uses 10)") double lambda,
      @Description("perturbation scale in units of the real batch's standard deviation (0.5 in the paper's code)")
      double perturbation,
      @Description("weight of ACGAN's auxiliary class cross-entropy (ACGAN models only)") double auxiliaryWeight,
      @Description("weight of InfoGAN's information term (InfoGAN models only)") double informationWeight,
      @Description("adversarial, or feature-matching: G minimises ||mean f(x) - mean f(G(z))||^2 over D's last hidden layer")
      String generatorObjective,
      @Description("target for real examples in D's cross-entropy, in (0, 1]; 0.9 is one-sided label smoothing")
      double realLabel) {
    /** One discriminator step, lambda 10, perturbation 0.5, both conditional weights 1, neither trick. */
    public static final Dragan DEFAULTS = new Dragan(1, 10.0, 0.5, 1.0, 1.0);

    public Dragan {
      Check.positive("discriminatorSteps", discriminatorSteps);
      Check.nonNegative("lambda", lambda);
      Check.positive("perturbation", perturbation);
      Check.nonNegative("auxiliaryWeight", auxiliaryWeight);
      Check.nonNegative("informationWeight", informationWeight);
      checkGeneratorObjective(generatorObjective);
      checkRealLabel(realLabel);
    }

    /** The adversarial generator objective and real label 1 (neither trick). */
    public Dragan(int discriminatorSteps, double lambda, double perturbation, double auxiliaryWeight,
        double informationWeight) {
      this(discriminatorSteps, lambda, perturbation, auxiliaryWeight, informationWeight, ADVERSARIAL, 1.0);
    }
  }
  /**
   * Config of {@code ebgan}: the energy-based GAN of Zhao, Mathieu and LeCun (2017), whose energy is the
   * autoencoder discriminator's per-example mean squared reconstruction error (a mean over the example's
   * values, so energies of data in [0, 1] are at most about 1).
   *
   * <p>Default margin 1: the smallest value of the paper's MNIST grid search (m in {1, 2, 4, 8, 16},
   * Section 5.1 of the ICLR 2017 paper). The energy here is a per-value mean, so a real [0, 1] image that
   * is reconstructed at all has an energy well below 1; m = 1 stays above that scale (the hinge pushes
   * fakes away) without the larger grid values, which would ask the autoencoder for fake energies far
   * beyond it. Pulling-away weight 0.1 as in the paper's EBGAN-PT experiments.
   *
   * @param margin the hinge margin m of the discriminator's {@code max(0, m - D(G(z)))}, above 0
   * @param ptWeight weight of the pulling-away term in the generator's objective, at least 0 (0: plain EBGAN)
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record Ebgan(
      @Description("hinge margin m on the fake energy (1: the smallest of the paper's MNIST grid {1, 2, 4, 8, 16}; "
          + "energies are per-value mean squared errors)") double margin,
      @Description("weight of the pulling-away term in the generator objective (the paper uses 0.1; 0 disables it)")
      double ptWeight) {
    /** Margin 1, pulling-away weight 0.1. */
    public static final Ebgan DEFAULTS = new Ebgan(1.0, 0.1);

    public Ebgan {
      Check.positive("margin", margin);
      Check.nonNegative("ptWeight", ptWeight);
    }
  }

  /**
   * Config of {@code began}: the boundary-equilibrium GAN of Berthelot, Schumm and Metz (2017).
   *
   * <p>The paper's k_0 = 0 and lambda_k = 0.001; gamma (the diversity ratio E[L(G(z))] / E[L(x)]) is
   * 0.5 in most of its figures; this implementation accepts gamma in [0.5, 0.75].
   *
   * @param gamma the equilibrium ratio, in [0.5, 0.75]
   * @param lambdaK the learning rate of k_t, above 0 and at most 1
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record Began(
      @Description("equilibrium (diversity) ratio gamma = L(G(z)) / L(x), in [0.5, 0.75] (the paper mostly uses 0.5)")
      double gamma,
      @Description("learning rate lambda_k of the control variable k_t (the paper uses 0.001)") double lambdaK) {
    /** Gamma 0.5, lambda_k 0.001. */
    public static final Began DEFAULTS = new Began(0.5, 0.001);

    public Began {
      Check.inRange("gamma", gamma, 0.5, 0.75);
      Check.positive("lambdaK", lambdaK);
      Check.inRange("lambdaK", lambdaK, 0.0, 1.0);
    }
  }
}
