package io.genlab.runner.sweep;

import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One configuration of a sweep: the spec overrides that turn the base spec into this trial's spec.
 * Immutable and thread-safe.
 *
 * @param index the trial's position in {@link TrialPlan#expand}, from 0
 * @param overrides dotted spec path ({@code loss.config.beta}, {@code metrics[1].config.samples}, {@code seed})
 *     to value, swept fields in declared order (grid, then random params) and {@code seed} last when seeds are
 *     swept; never {@code null}, deeply unmodifiable
 */
public record Trial(int index, Map<String, Object> overrides) {
  /** Copies {@code overrides} deeply into an unmodifiable map that keeps their order. */
  public Trial {
    overrides = Values.freezeMap(Objects.requireNonNull(overrides, "overrides"), Values::freeze);
  }

  /** A short human form such as {@code loss.config.beta=2, model.config.latentDim=8, seed=1}. */
  public String label() {
    return overrides.entrySet().stream()
        .map(e -> e.getKey() + "=" + Values.show(e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
