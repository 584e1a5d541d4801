package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.PluginModule;
import io.genlab.vae.internal.AutoencoderModel;
import io.genlab.vae.internal.DisentanglementMetrics;
import io.genlab.vae.internal.ElboLoss;
import io.genlab.vae.internal.FirstStageMetrics;
import io.genlab.vae.internal.FirstStageSamplers;
import io.genlab.vae.internal.KlAutoencoderModel;
import io.genlab.vae.internal.Metrics;
import io.genlab.vae.internal.ReconstructionLoss;
import io.genlab.vae.internal.Samplers;
import io.genlab.vae.internal.VqLoss;
import io.genlab.vae.internal.VqVaeModel;
import org.apiguardian.api.API;

/**
 * The autoencoder family: VAEs (MLP, convolutional, conditional, beta), plain and denoising
 * autoencoders, their losses, samplers and metrics.
 *
 * <p>Found by {@link java.util.ServiceLoader}; binds only. Thread-safe.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class VaePlugin extends PluginModule {

  @Override
  public String id() {
    return "vae";
  }

  @Override
  public String description() {
    return "Autoencoders and variational autoencoders (MLP, conv, conditional, beta-VAE, denoising, VQ-VAE, "
        + "KL autoencoder), disentanglement metrics and latent attribute edits";
  }

  @Override
  protected void configure() {
    super.configure();
    model("mlp-vae", "VAE with fully connected encoder and decoder", MlpVaeConfig.DEFAULTS, AutoencoderModel::of);
    model("conv-vae", "VAE with convolutional encoder and decoder, for images", ConvVaeConfig.DEFAULTS, AutoencoderModel::of);
    model("cvae", "conditional VAE: labels one-hot into encoder and decoder", ConditionalVaeConfig.DEFAULTS, AutoencoderModel::of);
    model("autoencoder", "deterministic autoencoder", AutoencoderConfig.DEFAULTS, AutoencoderModel::of);
    model("vq-vae", "VQ-VAE: convolutional autoencoder with a spatial code snapped to a learned codebook (van den Oord et al. 2017)",
        VqVaeConfig.DEFAULTS, VqVaeModel::of);
    model("kl-autoencoder", "convolutional autoencoder with a spatial Gaussian latent; with elbo and a small beta, latent diffusion's first stage",
        KlAutoencoderConfig.DEFAULTS, KlAutoencoderModel::of);
    model("denoising-autoencoder", "autoencoder trained on Gaussian-corrupted inputs", DenoisingAutoencoderConfig.DEFAULTS, AutoencoderModel::of);

    loss("elbo", "negative ELBO with a beta weight on the KL term", ElboConfig.DEFAULTS, ElboLoss::new);
    loss("reconstruction", "reconstruction error (MSE or decoder NLL) of autoencoders", ReconstructionConfig.DEFAULTS, ReconstructionLoss::new);
    loss("vq", "VQ-VAE loss: reconstruction + codebook term + beta * commitment term", VqConfig.DEFAULTS, VqLoss::new);

    sampler("prior", "decode samples of the N(0, I) prior", SamplerConfigs.Prior.DEFAULTS, Samplers.Prior::new);
    sampler("mixture", "decode samples of a Gaussian mixture fitted to the encoded training set", SamplerConfigs.Mixture.DEFAULTS, Samplers.Mixture::new);
    sampler("conditional", "decode prior samples for each class (conditional models)", SamplerConfigs.Conditional.DEFAULTS, Samplers.Conditional::new);
    sampler("interpolation", "decode points between the encodings of test pairs", SamplerConfigs.Interpolation.DEFAULTS, Samplers.Interpolation::new);
    sampler("reconstructions", "test examples and their reconstructions through the latent codec, in alternating rows",
        FirstStageConfigs.Reconstructions.DEFAULTS, FirstStageSamplers.Reconstructions::new);
    sampler("random-codes", "decode VQ codes drawn uniformly per position (the prior a VQ-VAE trains under)",
        FirstStageConfigs.RandomCodes.DEFAULTS, FirstStageSamplers.RandomCodes::new);
    sampler("attribute-edit", "add alpha times a class attribute vector to test encodings, one grid column per alpha",
        EditConfigs.AttributeEdit.DEFAULTS, io.genlab.vae.internal.AttributeEdits.EditSampler::new);

    metric("test-elbo", "test negative ELBO in nats, with its reconstruction and KL terms", MetricConfigs.TestElbo.DEFAULTS, Metrics.TestElbo::new);
    metric("iwae-nll", "importance-weighted NLL bound with k samples, in nats", MetricConfigs.Iwae.DEFAULTS, Metrics.Iwae::new);
    metric("reconstruction-error", "squared reconstruction error through the encoder mean", MetricConfigs.ReconstructionError.DEFAULTS, Metrics.ReconstructionError::new);
    metric("active-units", "latent units whose posterior mean varies over the test set (Burda et al. 2016)",
        MetricConfigs.ActiveUnits.DEFAULTS, Metrics.ActiveUnits::new);
    metric("anomaly-auroc", "AUROC of reconstruction error for an outlier class", MetricConfigs.AnomalyAuroc.DEFAULTS, Metrics.AnomalyAuroc::new);
    metric("codec-reconstruction", "reconstruction error, BCE and PSNR through the latent codec (encode, decode)",
        FirstStageConfigs.CodecReconstruction.DEFAULTS, FirstStageMetrics.CodecReconstruction::new);
    metric("codebook-usage", "perplexity and share of the codebook used by a VQ-VAE's codes on the test set",
        FirstStageConfigs.CodebookUsage.DEFAULTS, FirstStageMetrics.CodebookUsage::new);
    metric("latent-statistics", "mean and standard deviation of the latent codec's latents on the test set (a latent model's scale factor)",
        FirstStageConfigs.LatentStatistics.DEFAULTS, FirstStageMetrics.LatentStatistics::new);
    metric("attribute-edit", "share of attribute-vector edits the feature classifier assigns to the target, per alpha",
        EditConfigs.AttributeEditMetric.DEFAULTS, io.genlab.vae.internal.AttributeEdits.EditMetric::new);
    metric("beta-vae-score", "beta-VAE disentanglement metric on data with known factors (Higgins et al. 2017)",
        DisentanglementConfigs.BetaVaeScore.DEFAULTS, DisentanglementMetrics.BetaVae::new);
    metric("factor-vae-score", "FactorVAE disentanglement metric on data with known factors (Kim and Mnih 2018)",
        DisentanglementConfigs.FactorVaeScore.DEFAULTS, DisentanglementMetrics.FactorVae::new);
    metric("mig", "mutual information gap of the encoder mean and known factors (Chen et al. 2018)",
        DisentanglementConfigs.Mig.DEFAULTS, DisentanglementMetrics.Mig::new);
    metric("dci", "DCI disentanglement, completeness and informativeness from random forests (Eastwood and Williams 2018)",
        DisentanglementConfigs.Dci.DEFAULTS, DisentanglementMetrics.Dci::new);
  }
}
