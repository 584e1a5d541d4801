package io.genlab.engine.config;

import io.genlab.api.DisplayText;

/**
 * One thing wrong with a configuration: where (a dotted spec path such as {@code model.config.latentDim},
 * and where the value was written, when known) and what.
 *
 * @param path the spec path of the offending value, never {@code null}; code matches on it
 * @param message what is wrong, naming the value and the rule, never {@code null}
 * @param location where the value was written ({@code spec.yaml:7:23}, {@code --set model.config.latentDim=-3}),
 *     or {@code null} when unknown; printed before the path
 */
public record ConfigProblem(String path, String message, String location) {
  /**
   * Escapes control characters in all parts (they may quote a spec): a problem always prints as one
   * safe line.
   */
  public ConfigProblem {
    path = DisplayText.line(path);
    message = DisplayText.line(message);
    location = location == null ? null : DisplayText.line(location);
  }

  /** A problem at {@code path} whose place in a file or argument is not known. */
  public ConfigProblem(String path, String message) {
    this(path, message, null);
  }

  /** This problem placed at {@code location} (see {@link #location()}). */
  public ConfigProblem at(String location) {
    return new ConfigProblem(path, message, location);
  }

  @Override
  public String toString() {
    return (location == null ? "" : location + ": ") + path + ": " + message;
  }
}
