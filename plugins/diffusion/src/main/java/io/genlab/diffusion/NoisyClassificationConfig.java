package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Config of the {@code noisy-classification} loss: the cross-entropy of a {@code noisy-classifier}'s logits on
 * the labels of the noised batch, averaged over the batch. It has no settings.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record NoisyClassificationConfig() {
  /** The only value. */
  public static final NoisyClassificationConfig DEFAULTS = new NoisyClassificationConfig();
}
