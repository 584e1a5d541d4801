package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code cvae}: a conditional VAE whose encoder and decoder both read the one-hot label (Sohn et al., 2015).
 *
 * @param hiddenSizes widths of the hidden layers of the encoder (the decoder mirrors them)
 * @param latentDim the latent dimension
 * @param likelihood the decoder distribution
 * @param gaussianSigma the fixed standard deviation of a Gaussian decoder
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record ConditionalVaeConfig(
    @Description("encoder hidden widths; the decoder mirrors them") List<Integer> hiddenSizes,
    @Description("latent dimension") int latentDim,
    @Description("decoder distribution: bernoulli or gaussian") Likelihood likelihood,
    @Description("fixed standard deviation of a gaussian decoder") double gaussianSigma) {

  /** 784+10-400-20. */
  public static final ConditionalVaeConfig DEFAULTS = new ConditionalVaeConfig(List.of(400), 20, Likelihood.BERNOULLI, 1.0);

  public ConditionalVaeConfig {
    hiddenSizes = Check.widths("hiddenSizes", hiddenSizes);
    Check.width("latentDim", latentDim);
    Check.notNull("likelihood", likelihood);
    Check.positive("gaussianSigma", gaussianSigma);
  }
}
