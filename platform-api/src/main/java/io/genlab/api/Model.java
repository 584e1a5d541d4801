package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

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
   * Sets parameters from data before the first training step, for layers whose initial values depend
   * on the data they see (Glow's actnorm: zero mean, unit variance per channel on the first batch). The
   * trainer calls it once, after {@link #build} and before the first step of a fresh run (never on
   * resume, where the checkpoint holds the values). The default does nothing.
   *
   * @param context the first training batch's feeds and the live parameter arrays, never {@code null}
   * @since 0.4
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  default void initializeFromData(DataInitContext context) {}

  /**
   * What {@link #initializeFromData} receives.
   *
   * @param model the built model, to run outputs on {@code feeds}, never {@code null}
   * @param feeds the first training batch's feeds (data, labels, noise) as the trainer makes them,
   *     never {@code null}
   * @param parameters the live array of a trainable variable by name; write into it with
   *     {@code assign}, never {@code null}
   * @since 0.4
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  record DataInitContext(TrainedModel model, Map<String, INDArray> feeds,
      Function<String, INDArray> parameters) {
    /** The live array of the trainable variable {@code name}. */
    public INDArray parameter(String name) {
      return parameters.apply(name);
    }
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
