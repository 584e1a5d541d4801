package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
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
 * @param kl how the KL weight reaches {@code beta} (since 0.5)
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record ElboConfig(
    @Description("weight of the KL term (1 = VAE, > 1 = beta-VAE)") double beta,
    @Description("how the KL weight reaches beta: warmupSteps") Kl kl) {
  /** beta = 1, no warm-up. */
  public static final ElboConfig DEFAULTS = new ElboConfig(1.0);

  public ElboConfig {
    Check.nonNegative("beta", beta);
    Check.notNull("kl", kl);
  }

  /** The weight {@code beta} from the first step. */
  public ElboConfig(double beta) {
    this(beta, Kl.DEFAULTS);
  }

  /**
   * The KL term's warm-up (Bowman et al. 2016; Sønderby et al. 2016): the weight grows linearly from 0
   * to {@code beta} over the first {@code warmupSteps} iterations ({@code beta * min(1, t / warmupSteps)}
   * at iteration {@code t} from 0), so that the decoder learns to use the code before the KL term pulls
   * the posterior onto the prior. The weight is logged as {@code train/kl_weight}; {@code train/neg_elbo}
   * stays the unweighted bound.
   *
   * @param warmupSteps iterations until the weight reaches {@code beta}; 0 for none
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record Kl(@Description("iterations over which the KL weight grows linearly from 0 to beta (0: none)")
      int warmupSteps) {
    /** No warm-up. */
    public static final Kl DEFAULTS = new Kl(0);

    public Kl {
      Check.nonNegative("warmupSteps", warmupSteps);
    }
  }
}
