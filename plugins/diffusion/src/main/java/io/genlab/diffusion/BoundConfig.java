package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code vlb}: the variational bound on the negative log-likelihood of test examples (Ho et
 * al., 2020, eq. 5), summed over all T terms with one draw of x_t per term.
 *
 * @param examples how many test examples (the first ones; all when fewer)
 * @param batchSize examples per network evaluation
 * @param variance the reverse process's fixed variance: beta or posterior
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public record BoundConfig(
    @Description("test examples evaluated (the first ones)") int examples,
    @Description("examples per network evaluation") int batchSize,
    @Description("the reverse process's variance: beta or posterior") SamplerConfigs.Variance variance) {

  /** 500 examples in batches of 500, sigma^2 = beta (Ho et al.'s choice for their reported bound). */
  public static final BoundConfig DEFAULTS = new BoundConfig(500, 500, SamplerConfigs.Variance.BETA);

  public BoundConfig {
    Check.positive("examples", examples);
    Check.positive("batchSize", batchSize);
    Check.notNull("variance", variance);
  }
}
