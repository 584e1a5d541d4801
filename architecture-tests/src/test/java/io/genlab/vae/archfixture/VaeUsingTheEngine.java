package io.genlab.vae.archfixture;

import io.genlab.engine.config.InvalidConfigException;
import io.genlab.gan.GanPlugin;

/** Breaks the plugin rule for {@code ArchitectureRulesTests}: a plugin using the engine and another family. */
public final class VaeUsingTheEngine {
  InvalidConfigException engineType;
  GanPlugin otherFamily;
}
