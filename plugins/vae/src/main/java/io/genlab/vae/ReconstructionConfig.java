package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code reconstruction}: the reconstruction loss of (denoising) autoencoders.
 *
 * @param error {@code mse}: squared error of the decoder mean, summed over values; {@code likelihood}:
 *     the decoder's negative log-likelihood (binary cross-entropy for a Bernoulli decoder)
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record ReconstructionConfig(@Description("mse or likelihood") String error) {
  /** Squared error. */
  public static final ReconstructionConfig DEFAULTS = new ReconstructionConfig("mse");

  public ReconstructionConfig {
    Check.oneOf("error", error, "mse", "likelihood");
  }
}
