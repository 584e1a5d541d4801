package io.genlab.vae.archfixture;

import org.yaml.snakeyaml.Yaml;

/** Breaks the library rule for {@code ArchitectureRulesTests}: a plugin using a library it does not declare. */
public final class VaeUsingSnakeYaml {
  Yaml yaml;
}
