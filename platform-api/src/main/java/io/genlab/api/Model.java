package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A generative model: declares its parameters and computation as a SameDiff graph.
 *
 * <p>How the families map onto it:
 * <ul>
 *   <li>VAE: one graph with the encoder, the reparameterised sample (noise input {@code eps}), the
 *       decoder on that sample, and a second decoder application on a {@code z} placeholder for
 *       sampling; one parameter group.
 *   <li>GAN: generator and discriminator in one graph, {@code d_real} and {@code d_fake} outputs, two
 *       parameter groups ({@code generator}, {@code discriminator}) that the loss's two objectives
 *       target, each with its own optimiser and its own number of steps per iteration.
 *   <li>Diffusion (DDPM): the noise-prediction network with a timestep input and a noise input; the
 *       schedule lives in the model config; many-step samplers call the graph once per step.
 *   <li>Likelihood models (MADE, PixelCNN, flows): an exact {@code log_likelihood} output; the loss is
 *       its negative mean and metrics report it directly.
 * </ul>
 *
 * <p>{@link #build} must be deterministic given its context and must draw every initial weight from
 * {@link BuildContext#init()}. Instances are created from a config record and need not be
 * thread-safe.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface Model {

  /**
   * Adds this model's placeholders, parameters and outputs to {@code context.sameDiff()}.
   *
   * @param context the graph, the data description and the initialisation source, never {@code null}
   * @return the description of what was built, never {@code null}
   * @throws ConfigException when the model cannot work with the data (e.g. a conv model on vectors)
   */
  ModelGraph build(BuildContext context);

  /**
   * Returns this model as a capability interface its family defines (e.g. a latent-variable model
   * that samplers can decode with), or empty.
   */
  default <T> Optional<T> as(Class<T> capability) {
    return capability.isInstance(this) ? Optional.of(capability.cast(this)) : Optional.empty();
  }

  /**
   * What {@link #build} receives.
   *
   * @param sameDiff the graph to add to, never {@code null}
   * @param data the data the model will see, never {@code null}
   * @param init the source for initial weights, derived from the run seed, never {@code null}
   */
  @API(status = STABLE, since = "0.1")
  record BuildContext(SameDiff sameDiff, DataInfo data, RandomSource init) {}
}
