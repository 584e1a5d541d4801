package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code vq}: the VQ-VAE objective {@code reconstruction + ||sg[z_e] - e||^2 + beta ||z_e - sg[e]||^2}
 * (van den Oord et al. 2017), every term summed over an example's values and averaged over the batch.
 *
 * @param beta the weight of the commitment term (the paper's 0.25)
 * @param error {@code likelihood}: the decoder's negative log-likelihood (binary cross-entropy for a Bernoulli
 *     decoder); {@code mse}: squared error of the decoder mean
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record VqConfig(
    @Description("weight of the commitment term ||z_e - sg[e]||^2 (paper: 0.25)") double beta,
    @Description("reconstruction term: likelihood or mse") String error) {
  /** beta = 0.25, the decoder's negative log-likelihood. */
  public static final VqConfig DEFAULTS = new VqConfig(0.25, "likelihood");

  public VqConfig {
    Check.nonNegative("beta", beta);
    Check.oneOf("error", error, "likelihood", "mse");
  }
}
