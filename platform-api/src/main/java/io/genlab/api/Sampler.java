package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Generates examples from a trained model: fit (optional), then sample.
 *
 * <p>A VAE's prior sampler decodes N(0, I); a mixture sampler fits a Gaussian mixture to the encoded
 * training set in {@link #fit} first; a DDPM or DDIM sampler runs the reverse chain by calling
 * {@link TrainedModel#run} once per step; an autoregressive sampler fills pixels one at a time.
 * Instances are created from a config record; the runner calls {@code fit} before {@code sample},
 * from one thread.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface Sampler {

  /** Fits whatever the sampler needs from the training data; the default does nothing. */
  default void fit(TrainedModel model, SamplingContext context) {}

  /**
   * Draws samples.
   *
   * @param model the trained model, never {@code null}
   * @param context the data and the random source, never {@code null}
   * @return the samples, never {@code null}
   */
  Samples sample(TrainedModel model, SamplingContext context);

  /** Why this sampler cannot sample from {@code model}, or empty when it can. */
  default Optional<String> incompatibility(Model model) {
    return Optional.empty();
  }

  /**
   * What a sampler receives.
   *
   * @param train the training split, never {@code null}
   * @param test the test split, never {@code null}
   * @param random the source for this sampler, derived from the run seed, never {@code null}
   */
  @API(status = STABLE, since = "0.1")
  record SamplingContext(Examples train, Examples test, RandomSource random) {}
}
