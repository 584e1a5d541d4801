package ${package};

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of the {@code diag-gaussian} model: a mean and a standard deviation per dimension, learned.
 *
 * @param initialStd the standard deviation every dimension starts from, positive
 * @param initialMeanScale the scale of the random initial means (0: all start at 0)
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record GaussianConfig(
    @Description("standard deviation every dimension starts from") double initialStd,
    @Description("scale of the random initial means (0: all start at 0)") double initialMeanScale) {
  /** Standard deviation 1, means drawn with scale 0.1. */
  public static final GaussianConfig DEFAULTS = new GaussianConfig(1.0, 0.1);

  public GaussianConfig {
    Check.positive("initialStd", initialStd);
    Check.nonNegative("initialMeanScale", initialMeanScale);
  }
}
