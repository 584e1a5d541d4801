package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Thrown when a configuration value breaks a rule; the message names the field, the value and the rule.
 *
 * <p>Config records throw it from their compact constructors, e.g. {@code latentDim must be > 0, found -3}.
 * The runner prefixes the spec path where the value came from.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the config field at fault, never {@code null}
   * @param message what is wrong, naming the value and the rule, never {@code null}
   */
  public ConfigException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The config field at fault, never {@code null}. */
  public String field() {
    return field;
  }
}
