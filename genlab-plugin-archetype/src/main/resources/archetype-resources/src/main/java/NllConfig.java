package ${package};

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of the {@code gaussian-nll} loss: the mean over the batch of -log p(x), in nats per example.
 *
 * @param weight a positive factor on the objective (1: the plain NLL)
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record NllConfig(@Description("positive factor on the objective (1: plain NLL)") double weight) {
  /** Weight 1. */
  public static final NllConfig DEFAULTS = new NllConfig(1.0);

  public NllConfig {
    Check.positive("weight", weight);
  }
}
