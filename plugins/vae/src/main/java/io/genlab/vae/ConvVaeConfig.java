package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code conv-vae}: a convolutional VAE for images whose sides are multiples of 4 (e.g. 28x28).
 *
 * <p>Encoder: two 4x4 stride-2 convolutions (channels[0], channels[1]), a dense hidden layer, then
 * mean and log-variance; the decoder mirrors it with transposed convolutions.
 *
 * @param channels the two convolution widths
 * @param hiddenSize the dense layer width
 * @param latentDim the latent dimension
 * @param likelihood the decoder distribution
 * @param gaussianSigma the fixed standard deviation of a Gaussian decoder
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record ConvVaeConfig(
    @Description("widths of the two stride-2 convolutions") List<Integer> channels,
    @Description("width of the dense layer between convolutions and latent") int hiddenSize,
    @Description("latent dimension") int latentDim,
    @Description("decoder distribution: bernoulli or gaussian") Likelihood likelihood,
    @Description("fixed standard deviation of a gaussian decoder") double gaussianSigma) {

  /** 32 and 64 channels, 256 hidden, 16 latent. */
  public static final ConvVaeConfig DEFAULTS = new ConvVaeConfig(List.of(32, 64), 256, 16, Likelihood.BERNOULLI, 1.0);

  public ConvVaeConfig {
    channels = Check.widths("channels", channels);
    if (channels.size() != 2) {
      throw new ConfigException("channels", "channels must list exactly 2 widths, found " + channels);
    }
    Check.width("hiddenSize", hiddenSize);
    Check.width("latentDim", latentDim);
    Check.notNull("likelihood", likelihood);
    Check.positive("gaussianSigma", gaussianSigma);
  }
}
