package io.genlab.runner.archfixture;

import io.genlab.vae.VaePlugin;

/** Breaks the platform rule for {@code ArchitectureRulesTests}: the runner naming a family. */
public final class RunnerNamingVae {
  VaePlugin family;
}
