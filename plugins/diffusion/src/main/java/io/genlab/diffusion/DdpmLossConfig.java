package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code ddpm}: Ho et al.'s simplified objective, the mean over batch and elements of the
 * distance between the network's output and its target (the noise, the clean input or the velocity,
 * as the model's {@code prediction} says), with timesteps drawn uniformly.
 *
 * @param norm {@code l2} (squared error, the paper's) or {@code l1} (absolute error)
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public record DdpmLossConfig(@Description("l2 (squared error) or l1 (absolute error)") String norm) {

  /** The squared error. */
  public static final DdpmLossConfig DEFAULTS = new DdpmLossConfig("l2");

  public DdpmLossConfig {
    Check.oneOf("norm", norm, "l2", "l1");
  }
}
