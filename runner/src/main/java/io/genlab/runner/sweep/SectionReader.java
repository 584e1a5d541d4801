package io.genlab.runner.sweep;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed values out of the YAML mappings of a {@code sweep:} section, adding a {@link ConfigProblem}
 * (path, value found, rule) for every bad one instead of throwing, so that all problems are reported at once.
 * Holds the problem list of one parse: not thread-safe, use one per parse.
 */
final class SectionReader {
  private static final Pattern SPEC_PATH =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\[\\d+\\])*(\\.[A-Za-z_][A-Za-z0-9_-]*(\\[\\d+\\])*)*");
  private final List<ConfigProblem> problems;

  SectionReader(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** {@code value} as a string-keyed mapping in declared order; {@code null} (with a problem) if it is not one. */
  Map<String, Object> mapping(Object value, String path, String rule) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    problem(path, rule + ", found " + Values.found(value));
    return null;
  }

  /** Adds a did-you-mean problem for each key of {@code map} that is not in {@code allowed}. */
  void onlyKeys(Map<String, Object> map, String path, Set<String> allowed) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        problem(path + "." + key, "unknown key '" + key + "'; " + Suggestions.hint(key, allowed));
      }
    }
  }

  /** The string at {@code key}, {@code fallback} when absent or bad. */
  String string(Map<String, Object> map, String path, String key, String fallback) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Map<?, ?> || v instanceof List<?> || v.toString().isBlank()) {
      problem(path + "." + key, key + " must be a non-blank string, found " + Values.found(v));
      return fallback;
    }
    return v.toString();
  }

  /** The required string at {@code key}; {@code null} (with a problem saying what to give) when absent or bad. */
  String requiredString(Map<String, Object> map, String path, String key, String what) {
    if (map.get(key) == null) {
      problem(path + "." + key, "missing; " + what);
      return null;
    }
    return string(map, path, key, null);
  }

  /** The integer at {@code key}, {@code fallback} when absent or not an integer. */
  long integer(Map<String, Object> map, String path, String key, long fallback) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    Long n = Values.integral(v);
    if (n == null) {
      problem(path + "." + key, key + " must be an integer, found " + Values.found(v));
      return fallback;
    }
    return n;
  }

  /** The int at {@code key}, at least {@code min}; {@code fallback} when absent or bad. */
  int intAtLeast(Map<String, Object> map, String path, String key, int fallback, int min, String note) {
    long n = integer(map, path, key, fallback);
    if (n < min || n > Integer.MAX_VALUE) {
      problem(path + "." + key, key + " must be " + (min == 1 ? "> 0" : ">= " + min) + note + ", found " + n);
      return fallback;
    }
    return (int) n;
  }

  /** The int at {@code key}, in {@code [min, max]}; {@code fallback} when absent or bad. */
  int intBetween(Map<String, Object> map, String path, String key, int fallback, int min, int max, String note) {
    Object v = map.get(key);
    boolean huge = v instanceof java.math.BigInteger;
    long n = huge ? 0 : integer(map, path, key, fallback);
    if (huge || n < min || n > max) {
      problem(path + "." + key, key + " must be between " + min + " and " + max + note + ", found " + (huge ? v : n));
      return fallback;
    }
    return (int) n;
  }

  /** The optimisation mode at {@code key}, {@link Objective.Mode#MIN} when absent. */
  Objective.Mode mode(Map<String, Object> map, String path, String key) {
    Object v = map.get(key);
    if (v == null) {
      return Objective.Mode.MIN;
    }
    for (Objective.Mode mode : Objective.Mode.values()) {
      if (mode.label().equalsIgnoreCase(String.valueOf(v))) {
        return mode;
      }
    }
    Set<String> allowed = Set.of("min", "max");
    problem(path + "." + key, "unknown mode " + Values.found(v) + "; "
        + Suggestions.hint(String.valueOf(v).toLowerCase(Locale.ROOT), allowed));
    return Objective.Mode.MIN;
  }

  /**
   * Checks that a key of {@code sweep.grid} or {@code sweep.random.params} (found at {@code path}) is a dotted spec
   * path other than {@code seed}, which only {@code sweep.seeds} may sweep, and outside {@code name},
   * {@code threads}, {@code experiment} and {@code tracking}, which the sweep sets for every trial; returns
   * whether it is.
   */
  boolean sweptPath(String key, String path) {
    if (key.equals("seed")) {
      problem(path, "the seed cannot be swept here; list seeds in sweep.seeds, e.g. seeds: [1, 2, 3]");
      return false;
    }
    String top = key.split("[.\\[]", 2)[0];
    String why = switch (top) {
      case "name" -> "each trial's run is named <sweep name>-<trial index>";
      case "threads" -> "each trial gets sweep.threadsPerTrial threads";
      case "experiment", "tracking" -> "all trials go to the base spec's experiment and store, under one parent run";
      default -> null;
    };
    if (why != null && SPEC_PATH.matcher(key).matches()) {
      problem(path, "'" + key + "' cannot be swept: " + why + "; sweep model, loss, data, training, engine, "
          + "metrics or samplers values");
      return false;
    }
    if (!SPEC_PATH.matcher(key).matches()) {
      problem(path, "'" + key + "' is not a spec path; write it like loss.config.beta or metrics[1].config.samples");
      return false;
    }
    return true;
  }
}
