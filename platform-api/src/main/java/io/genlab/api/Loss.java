package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A training objective: adds loss ops to a model's graph and says which parameters each one trains.
 *
 * <p>A VAE's negative ELBO is one objective over the default group; a GAN loss (minimax, hinge,
 * WGAN-GP ...) returns a discriminator objective and a generator objective; DDPM's loss is the MSE
 * between the noise input and the model's prediction. Build from elementary ops, never
 * {@code sd.loss.*}. Instances are created from a config record and need not be thread-safe.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface Loss {

  /**
   * Adds this loss to {@code graph}.
   *
   * @param context the model, its graph and the data, never {@code null}
   * @return the objectives and diagnostics, never {@code null}
   */
  Objectives build(LossContext context);

  /**
   * Why this loss cannot train {@code model}, or empty when it can; checked before training starts
   * so that a spec pairing e.g. an ELBO with a plain autoencoder fails at once.
   */
  default Optional<String> incompatibility(Model model) {
    return Optional.empty();
  }

  /**
   * The values this loss keeps across training steps, each in a scalar variable that {@link #build}
   * created (BEGAN's k_t, a KL weight warming up); the trainer updates, checkpoints and logs them (see
   * {@link LossState}). Called after {@link #build}. The default keeps none.
   *
   * @return the state, never {@code null}; names and variables distinct
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  default List<LossState> state() {
    return List.of();
  }

  /**
   * What {@link #build} receives.
   *
   * @param model the model (use {@link Model#as} for its family's capabilities), never {@code null}
   * @param graph the model's built graph and outputs, never {@code null}
   * @param data the data the model will see, never {@code null}
   */
  @API(status = STABLE, since = "0.1")
  record LossContext(Model model, ModelGraph graph, DataInfo data) {}
}
