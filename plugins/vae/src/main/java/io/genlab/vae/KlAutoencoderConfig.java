package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code kl-autoencoder}: a convolutional autoencoder with a spatial Gaussian latent, the
 * KL-regularised first stage of latent diffusion (Rombach et al. 2022), trained with the {@code elbo} loss and a
 * small {@code beta} (theirs: about 1e-6 against a reconstruction summed over pixels).
 *
 * <p>The encoder is that of {@code vq-vae} ({@link VqVaeConfig}) with two 1x1 convolution heads, the mean and the
 * log-variance of {@code latentChannels} channels; the decoder reads a posterior sample. For the family's losses,
 * metrics and samplers the latent is flat ({@code latentChannels * h * w} values, channel-major), for
 * {@link io.genlab.api.LatentCodec} it is {@code [latentChannels, h, w]}.
 *
 * @param channels the widths of the stride-2 convolutions, one per halving of the image sides (1 to 3)
 * @param residualBlocks residual blocks after the convolutions of the encoder and before those of the decoder
 * @param latentChannels the channels of the latent
 * @param likelihood the decoder distribution
 * @param gaussianSigma the fixed standard deviation of a Gaussian decoder
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record KlAutoencoderConfig(
    @Description("widths of the stride-2 convolutions, one per halving of the sides (1 to 3)") List<Integer> channels,
    @Description("residual blocks in encoder and decoder") int residualBlocks,
    @Description("channels of the spatial latent") int latentChannels,
    @Description("decoder distribution: bernoulli or gaussian") Likelihood likelihood,
    @Description("fixed standard deviation of a gaussian decoder") double gaussianSigma) {

  /** 32 and 64 channels (a 7x7 latent for 28x28 images), 1 residual block, 4 latent channels. */
  public static final KlAutoencoderConfig DEFAULTS = new KlAutoencoderConfig(List.of(32, 64), 1, 4, Likelihood.BERNOULLI, 1.0);

  public KlAutoencoderConfig {
    channels = SpatialCodes.checkChannels(channels);
    Check.inRange("residualBlocks", residualBlocks, 0, 16);
    Check.width("latentChannels", latentChannels);
    Check.notNull("likelihood", likelihood);
    Check.positive("gaussianSigma", gaussianSigma);
  }
}
