package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code denoising-autoencoder}: an autoencoder trained to reconstruct clean inputs from
 * inputs with added Gaussian noise (Vincent et al., 2008).
 *
 * @param hiddenSizes widths of the hidden layers of the encoder (the decoder mirrors them)
 * @param latentDim the latent dimension
 * @param likelihood the decoder distribution
 * @param gaussianSigma the fixed standard deviation of a Gaussian decoder
 * @param noiseStd the standard deviation of the corruption added to training inputs
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record DenoisingAutoencoderConfig(
    @Description("encoder hidden widths; the decoder mirrors them") List<Integer> hiddenSizes,
    @Description("latent dimension") int latentDim,
    @Description("decoder distribution: bernoulli or gaussian") Likelihood likelihood,
    @Description("fixed standard deviation of a gaussian decoder") double gaussianSigma,
    @Description("standard deviation of the Gaussian corruption of training inputs") double noiseStd) {

  /** 784-400-20 with corruption 0.3. */
  public static final DenoisingAutoencoderConfig DEFAULTS =
      new DenoisingAutoencoderConfig(List.of(400), 20, Likelihood.BERNOULLI, 1.0, 0.3);

  public DenoisingAutoencoderConfig {
    hiddenSizes = Check.widths("hiddenSizes", hiddenSizes);
    Check.width("latentDim", latentDim);
    Check.notNull("likelihood", likelihood);
    Check.positive("gaussianSigma", gaussianSigma);
    Check.positive("noiseStd", noiseStd);
  }
}
