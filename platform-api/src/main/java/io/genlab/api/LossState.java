package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * A value a {@link Loss} keeps across training steps (BEGAN's control variable k_t, a KL weight that
 * warms up), held in a scalar graph variable that the loss's ops read.
 *
 * <p>The loss creates the variable in {@link Loss#build} ({@code sd.var(variable, initial)}, scalar
 * float) and declares it through {@link Loss#state()}. The trainer owns the value from then on: it
 * writes it into the variable before the first step, calls {@link Update#next} after every iteration
 * with that iteration's diagnostics, logs the value each iteration used as {@code train/<name>}, and
 * saves it in checkpoints (as a double, so {@code resume} continues bit-identically). The variable is
 * never trained. Immutable and thread-safe when {@code update} is.
 *
 * @param name the metric name ({@code train/<name>}), letters, digits, {@code _ - .}, never {@code null}
 * @param variable the name of the scalar graph variable holding the value, never {@code null}
 * @param initial the value of the first iteration, finite
 * @param update how the value moves from one iteration to the next, never {@code null}
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record LossState(String name, String variable, double initial, Update update) {
  public LossState {
    Check.notNull("name", name);
    Check.notNull("variable", variable);
    Check.notNull("update", update);
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("name", "a loss state's name must be letters, digits, '_', '-' or '.', found '"
          + DisplayText.line(name) + "'");
    }
    if (!Double.isFinite(initial)) {
      throw new ConfigException("initial", "a loss state's initial value must be finite, found " + initial);
    }
  }

  /**
   * A value that depends on the iteration alone (a warm-up or any other schedule): {@code schedule}
   * maps the number of iterations completed before a step to the value that step uses.
   */
  public static LossState schedule(String name, String variable, java.util.function.LongToDoubleFunction schedule) {
    return new LossState(name, variable, schedule.applyAsDouble(0), (current, completed, diagnostics) ->
        schedule.applyAsDouble(completed));
  }

  /**
   * How a {@link LossState} moves on after an iteration; must be a pure function of its arguments
   * (the trainer calls it again when a run is resumed or reproduced).
   *
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  @FunctionalInterface
  public interface Update {
    /**
     * The value the next iteration uses.
     *
     * @param current the value the iteration just completed used
     * @param completed iterations completed so far, this one included (1 after the first)
     * @param diagnostics the iteration's diagnostics by key, as the loss declared them in
     *     {@link Objectives#diagnostics()} (their values in its last optimiser step), never {@code null}
     * @return the next value; a value that is not finite stops training as a failed run
     */
    double next(double current, long completed, Map<String, Double> diagnostics);
  }
}
