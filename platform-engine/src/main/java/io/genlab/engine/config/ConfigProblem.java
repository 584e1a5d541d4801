package io.genlab.engine.config;

/**
 * One thing wrong with a configuration: where (a dotted spec path such as {@code model.config.latentDim})
 * and what.
 *
 * @param path the spec path of the offending value, never {@code null}
 * @param message what is wrong, naming the value and the rule, never {@code null}
 */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
