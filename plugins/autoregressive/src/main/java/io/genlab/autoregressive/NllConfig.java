package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Config of the {@code autoregressive-nll} loss: the negative exact log-likelihood in nats, averaged over the batch, for any
 * model with a {@code log_likelihood} output. It has no settings.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record NllConfig() {
  /** The only value. */
  public static final NllConfig DEFAULTS = new NllConfig();
}
