package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.PluginModule;
import io.genlab.gan.internal.AdversarialLoss;
import io.genlab.gan.internal.Dcgan;
import io.genlab.gan.internal.DraganLoss;
import io.genlab.gan.internal.WganGpLoss;
import io.genlab.gan.internal.WganLoss;
import io.genlab.gan.internal.MlpGan;
import io.genlab.gan.internal.Samplers;
import org.apiguardian.api.API;

/**
 * The GAN family: MLP and DCGAN models with CGAN, ACGAN and InfoGAN conditioning, the adversarial
 * losses (minimax, non-saturating, LSGAN, hinge, WGAN, WGAN-GP, DRAGAN) and latent samplers. Sample
 * metrics (mode coverage, MMD, sliced Wasserstein) live in the {@code sample-quality} plugin.
 *
 * <p>Found by {@link java.util.ServiceLoader}; binds only. Thread-safe.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class GanPlugin extends PluginModule {

  @Override
  public String id() {
    return "gan";
  }

  @Override
  public String description() {
    return "Generative adversarial networks (MLP, DCGAN, energy-based; CGAN, ACGAN, InfoGAN; minimax to WGAN-GP, "
        + "DRAGAN, EBGAN, BEGAN) and latent arithmetic";
  }

  @Override
  protected void configure() {
    super.configure();
    model("mlp-gan", "fully connected generator and discriminator, for vectors such as the 2-D toy data",
        MlpGanConfig.DEFAULTS, MlpGan::new);
    model("dcgan", "DCGAN for images with sides a multiple of 4 (the PyTorch peer's network at its defaults)",
        DcganConfig.DEFAULTS, Dcgan::new);
    model("cgan", "DCGAN with one-hot labels into generator and discriminator (conditional GAN)",
        DcganConfig.conditioned(GanModel.Conditioning.CGAN), Dcgan::new);
    model("acgan", "DCGAN with labels into the generator and an auxiliary classifier on the discriminator",
        DcganConfig.conditioned(GanModel.Conditioning.ACGAN), Dcgan::new);
    model("infogan", "DCGAN with latent codes whose mutual information with the samples is maximised",
        DcganConfig.conditioned(GanModel.Conditioning.INFOGAN), Dcgan::new);

    loss("minimax", "Goodfellow's minimax GAN loss (saturating generator)", LossConfigs.Adversarial.DEFAULTS,
        AdversarialLoss::minimax);
    loss("non-saturating", "GAN loss with the non-saturating generator objective -log D(G(z))",
        LossConfigs.Adversarial.DEFAULTS, AdversarialLoss::nonSaturating);
    loss("lsgan", "least-squares GAN loss (Mao et al.; a = 0, b = c = 1)", LossConfigs.Adversarial.DEFAULTS,
        AdversarialLoss::lsgan);
    loss("hinge", "hinge GAN loss (discriminator hinge, generator -E[D(G(z))])", LossConfigs.Adversarial.DEFAULTS,
        AdversarialLoss::hinge);
    loss("wgan", "Wasserstein GAN with critic weight clipping (the paper trains it with RMSProp 5e-5)",
        LossConfigs.Wgan.DEFAULTS, WganLoss::new);
    loss("wgan-gp", "Wasserstein GAN with gradient penalty at real-fake interpolates", LossConfigs.WganGp.DEFAULTS,
        WganGpLoss::new);
    loss("dragan", "non-saturating GAN loss with DRAGAN's gradient penalty around perturbed real data",
        LossConfigs.Dragan.DEFAULTS, DraganLoss::new);

    sampler("gan-prior", "generate from z ~ N(0, I), labels and codes drawn uniformly", SamplerConfigs.Prior.DEFAULTS,
        Samplers.Prior::new);
    sampler("truncated", "truncation trick: latent components with |z| > threshold redrawn",
        SamplerConfigs.Truncated.DEFAULTS, Samplers.Truncated::new);
    sampler("latent-walk", "rows walking between random latents (slerp or linear), label fixed per row",
        SamplerConfigs.LatentWalk.DEFAULTS, Samplers.LatentWalk::new);
    sampler("class-sweep", "one row per class or InfoGAN categorical code, latent shared down each column",
        SamplerConfigs.ClassSweep.DEFAULTS, Samplers.ClassSweep::new);
    sampler("latent-arithmetic", "move prior draws of one class along a latent class direction (regression or mean difference)",
        EditConfigs.LatentArithmetic.DEFAULTS, io.genlab.gan.internal.LatentArithmetic.EditSampler::new);
    metric("latent-arithmetic", "share of draws moved along a latent class direction that the feature classifier assigns to the target",
        EditConfigs.LatentArithmeticMetric.DEFAULTS, io.genlab.gan.internal.LatentArithmetic.EditMetric::new);

    model("energy-gan", "MLP generator with an autoencoder discriminator, for the energy-based losses ebgan and began",
        EnergyGanConfig.DEFAULTS, io.genlab.gan.internal.EnergyGan::new);
    loss("ebgan", "energy-based GAN (Zhao et al.): reconstruction-error energy, margin hinge, pulling-away term",
        LossConfigs.Ebgan.DEFAULTS, io.genlab.gan.internal.EbganLoss::new);
    loss("began", "boundary-equilibrium GAN (Berthelot et al.): L1 autoencoder loss balanced by k_t (train/k)",
        LossConfigs.Began.DEFAULTS, io.genlab.gan.internal.BeganLoss::new);
  }
}
