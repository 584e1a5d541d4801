package io.genlab.runner.sweep;

import io.genlab.api.RandomSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A distribution that random search draws one parameter value from. Every draw is a pure function of the
 * {@link RandomSource} it is given (it uses counter 0), so the same source always gives the same value.
 * Implementations are immutable and thread-safe; no method returns {@code null} (a {@link Choice} may hold
 * and return a {@code null} value if the spec lists one).
 */
public sealed interface Distribution {
  /** Draws a value, deterministically from {@code source}. */
  Object sample(RandomSource source);

  /** The canonical spec form, a one-key mapping such as {@code {uniform: [0.5, 4.0]}}. */
  Map<String, Object> toMap();

  /** Uniform over {@code [low, high)}; draws a {@link Double}. */
  record Uniform(double low, double high) implements Distribution {
    @Override
    public Object sample(RandomSource source) {
      return low + (high - low) * source.uniform(0);
    }

    @Override
    public Map<String, Object> toMap() {
      return single("uniform", List.of(low, high));
    }
  }

  /** Log-uniform over {@code [low, high)}, {@code 0 < low}: uniform in log space; draws a {@link Double}. */
  record LogUniform(double low, double high) implements Distribution {
    @Override
    public Object sample(RandomSource source) {
      double logLow = StrictMath.log(low);
      return StrictMath.exp(logLow + (StrictMath.log(high) - logLow) * source.uniform(0));
    }

    @Override
    public Map<String, Object> toMap() {
      return single("logUniform", List.of(low, high));
    }
  }

  /** One of the listed values (scalars or lists), each equally likely. */
  record Choice(List<Object> values) implements Distribution {
    /** Copies {@code values} deeply into an unmodifiable list. */
    public Choice {
      values = Values.freezeList(Objects.requireNonNull(values, "values"));
    }

    @Override
    public Object sample(RandomSource source) {
      int index = (int) (source.uniform(0) * values.size());
      return values.get(Math.min(index, values.size() - 1));
    }

    @Override
    public Map<String, Object> toMap() {
      return single("choice", values);
    }
  }

  /**
   * An integer in {@code [low, high]}, both ends included; draws an {@link Integer} when both bounds fit in
   * an int (as YAML would have loaded it), a {@link Long} otherwise.
   */
  record IntRange(long low, long high) implements Distribution {
    @Override
    public Object sample(RandomSource source) {
      double size = (double) high - (double) low + 1.0;
      long value = Math.min(high, low + (long) Math.floor(source.uniform(0) * size));
      return low >= Integer.MIN_VALUE && high <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
    }

    @Override
    public Map<String, Object> toMap() {
      return single("intRange", List.of(low, high));
    }
  }

  private static Map<String, Object> single(String name, List<?> arguments) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(name, Values.plain(arguments));
    return map;
  }
}
