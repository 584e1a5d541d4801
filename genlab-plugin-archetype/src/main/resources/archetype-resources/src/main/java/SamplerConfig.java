package ${package};

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of the {@code gaussian} sampler: draws from N(mean, (T std)^2), clipped to the data's range.
 *
 * @param count samples in the grid
 * @param temperature T, the factor on the learned standard deviation (below 1 trades diversity for quality)
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SamplerConfig(
    @Description("samples in the grid") int count,
    @Description("temperature T > 0: the learned standard deviation times T") double temperature) {
  /** 100 samples at temperature 1. */
  public static final SamplerConfig DEFAULTS = new SamplerConfig(100, 1.0);

  public SamplerConfig {
    Check.samples("count", count);
    Check.positive("temperature", temperature);
  }
}
