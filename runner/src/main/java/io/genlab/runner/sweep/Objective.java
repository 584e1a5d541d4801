package io.genlab.runner.sweep;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a sweep optimises: the metric that picks the best trial and orders the summary. Immutable and thread-safe.
 *
 * @param metric the metric name as trials record it, e.g. {@code epoch/loss/neg_elbo}; never {@code null}
 * @param mode whether lower or higher values are better; never {@code null}
 */
public record Objective(String metric, Mode mode) {
  public Objective {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(mode, "mode");
  }

  /** Whether a metric is minimised or maximised. {@code NaN} is never better than anything. Thread-safe. */
  public enum Mode {
    MIN,
    MAX;

    /**
     * Whether {@code a} is strictly better than {@code b}: a {@code NaN} {@code a} never is, and any number is
     * better than a {@code NaN} {@code b}.
     */
    public boolean better(double a, double b) {
      if (Double.isNaN(a)) {
        return false;
      }
      if (Double.isNaN(b)) {
        return true;
      }
      return this == MIN ? a < b : a > b;
    }

    /** Orders values best first, {@code NaN} last. */
    public Comparator<Double> bestFirst() {
      return (a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : 0;
    }

    /** The spelling used in specs: {@code min} or {@code max}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reads {@code sweep.objective}; {@code null} (with problems added) when it is invalid. */
  static Objective parse(Object section, String path, SectionReader in) {
    Map<String, Object> map = in.mapping(section, path, "objective must be a mapping {metric: <name>, mode: min|max}");
    if (map == null) {
      return null;
    }
    in.onlyKeys(map, path, Set.of("metric", "mode"));
    return read(map, path, in);
  }

  /** Reads the {@code metric} and {@code mode} keys of a mapping; {@code null} (with a problem) without a metric. */
  static Objective read(Map<String, Object> map, String path, SectionReader in) {
    String metric = in.requiredString(map, path, "metric",
        "name the metric to optimise, e.g. metric: epoch/loss/neg_elbo");
    Mode mode = in.mode(map, path, "mode");
    return metric == null ? null : new Objective(metric, mode);
  }

  /** The canonical spec form, {@code {metric: ..., mode: min|max}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("metric", metric);
    map.put("mode", mode.label());
    return map;
  }
}
