package io.genlab.vae.archfixture;

import io.genlab.api.Check;
import io.genlab.nn.Activation;
import io.genlab.vae.VaePlugin;

/** Keeps the plugin rules for {@code ArchitectureRulesTests}: the SPI, nn and its own family. */
public final class VaeUsingTheApiNnAndItself {
  Check api;
  Activation nn;
  VaePlugin own;
}
