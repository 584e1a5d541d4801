package io.genlab.runner.spec;

import java.util.Map;

/**
 * A reference to a component in a spec: its name and its config values, with the spec path they sit at.
 *
 * @param name the component name
 * @param config the user's config values (may be empty)
 * @param path the spec path of the reference, e.g. {@code model} or {@code evaluation.metrics[1]}
 */
public record ComponentRef(String name, Map<String, Object> config, String path) {
  public ComponentRef {
    config = config == null ? Map.of() : config;
  }
}
