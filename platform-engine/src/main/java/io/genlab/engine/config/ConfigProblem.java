package io.genlab.engine.config;

import io.genlab.api.DisplayText;

/**
 * One thing wrong with a configuration: where (a dotted spec path such as {@code model.config.latentDim})
 * and what.
 *
 * @param path the spec path of the offending value, never {@code null}
 * @param message what is wrong, naming the value and the rule, never {@code null}
 */
public record ConfigProblem(String path, String message) {
  /**
   * Escapes control characters in both parts (they may quote a spec): a problem always prints as one
   * safe line.
   */
  public ConfigProblem {
    path = DisplayText.line(path);
    message = DisplayText.line(message);
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
