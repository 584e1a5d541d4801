package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.PluginModule;
import org.apiguardian.api.API;

/**
 * The GAN family: MLP and DCGAN models with CGAN, ACGAN and InfoGAN conditioning, the adversarial
 * losses (minimax, non-saturating, LSGAN, hinge, WGAN, WGAN-GP, DRAGAN), latent samplers and toy-data
 * metrics.
 *
 * <p>Found by {@link java.util.ServiceLoader}; binds only. Thread-safe.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class GanPlugin extends PluginModule {

  @Override
  public String id() {
    return "gan";
  }

  @Override
  public String description() {
    return "Generative adversarial networks (MLP, DCGAN; CGAN, ACGAN, InfoGAN; minimax to WGAN-GP)";
  }

  @Override
  protected void configure() {
    super.configure();
  }
}
