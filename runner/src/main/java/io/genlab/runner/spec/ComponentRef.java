package io.genlab.runner.spec;

import java.util.Map;

/**
 * A reference to a component in a spec: its name and its config values, with the spec path they sit at.
 *
 * @param name the component name
 * @param config the user's config values (may be empty)
 * @param path the spec path of the reference, e.g. {@code model} or {@code evaluation.metrics[1]}
 * @param label what a sampler's artifacts and sample-metric keys are named after, or {@code null} for
 *     the default (its name, with its index when the name occurs twice)
 */
public record ComponentRef(String name, Map<String, Object> config, String path, String label) {
  public ComponentRef {
    config = config == null ? Map.of() : config;
  }

  /** A reference without a label. */
  public ComponentRef(String name, Map<String, Object> config, String path) {
    this(name, config, path, null);
  }
}
