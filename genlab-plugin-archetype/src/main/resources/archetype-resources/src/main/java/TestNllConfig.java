package ${package};

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of the {@code test-nll} metric: the mean negative log-likelihood of test examples, in nats.
 *
 * @param limit test examples evaluated, 0 for all
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TestNllConfig(@Description("test examples evaluated (0: all)") int limit) {
  /** All test examples. */
  public static final TestNllConfig DEFAULTS = new TestNllConfig(0);

  public TestNllConfig {
    Check.nonNegative("limit", limit);
  }
}
