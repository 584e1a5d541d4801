package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code elbo}: the negative evidence lower bound, with a weight on its KL term.
 *
 * <p>{@code beta = 1} is the VAE objective; {@code beta > 1} is the beta-VAE of Higgins et al. (2017).
 *
 * @param beta the weight of KL(q(z|x) || p(z))
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record ElboConfig(@Description("weight of the KL term (1 = VAE, > 1 = beta-VAE)") double beta) {
  /** beta = 1. */
  public static final ElboConfig DEFAULTS = new ElboConfig(1.0);

  public ElboConfig {
    Check.nonNegative("beta", beta);
  }
}
