package io.genlab.runner.sweep;

import io.genlab.engine.config.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Random search: {@code trials} configurations, each drawing every parameter from its distribution.
 * Immutable and thread-safe.
 *
 * @param trials how many configurations to draw, {@code > 0}
 * @param seed the seed of the draws (the spec's seed unless given), independent of the training seed
 * @param params spec path to distribution, in declared order; never {@code null}, unmodifiable
 */
public record RandomSearch(int trials, long seed, Map<String, Distribution> params) {
  static final Set<String> KEYS = Set.of("trials", "seed", "params");
  private static final Set<String> DISTRIBUTIONS = Set.of("uniform", "logUniform", "choice", "intRange");

  /** Copies {@code params} into an unmodifiable map that keeps their order. */
  public RandomSearch {
    params = Values.freezeMap(Objects.requireNonNull(params, "params"), d -> Objects.requireNonNull(d, "distribution"));
  }

  /** The canonical spec form, {@code {trials, seed, params: {path: {name: [...]}}}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("trials", trials);
    map.put("seed", seed);
    Map<String, Object> ps = new LinkedHashMap<>();
    params.forEach((path, d) -> ps.put(path, d.toMap()));
    map.put("params", ps);
    return map;
  }

  /**
   * Reads {@code sweep.random}, adding a problem for everything wrong; {@code null} when it is not a mapping.
   * The result is only meaningful when no problem was added.
   */
  static RandomSearch parse(Object section, String path, long defaultSeed, SectionReader in) {
    Map<String, Object> map = in.mapping(section, path,
        "random must be a mapping with trials, params and optionally seed");
    if (map == null) {
      return null;
    }
    in.onlyKeys(map, path, KEYS);
    int trials = 0;
    if (map.get("trials") == null) {
      in.problem(path + ".trials", "missing; give the number of random configurations, e.g. trials: 20");
    } else {
      trials = in.intAtLeast(map, path, "trials", 0, 1, "");
    }
    long seed = in.integer(map, path, "seed", defaultSeed);
    Map<String, Distribution> params = new LinkedHashMap<>();
    Object raw = map.get("params");
    Map<String, Object> rawParams = raw == null ? Map.of()
        : in.mapping(raw, path + ".params", "params must be a mapping from spec path to a distribution");
    if (rawParams != null && rawParams.isEmpty()) {
      in.problem(path + ".params", "params must map at least one spec path to a distribution, e.g. "
          + "loss.config.beta: {uniform: [0.5, 4]}, found " + (raw == null ? "nothing" : raw));
    } else if (rawParams != null) {
      rawParams.forEach((key, value) -> {
        String at = path + ".params." + key;
        if (in.sweptPath(key, at)) {
          Distribution d = distribution(value, at, in);
          if (d != null) {
            params.put(key, d);
          }
        }
      });
    }
    return new RandomSearch(trials, seed, params);
  }

  private static Distribution distribution(Object value, String path, SectionReader in) {
    if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
      in.problem(path, "a distribution must be a one-key mapping such as {uniform: [0.5, 4]} with one of "
          + new TreeSet<>(DISTRIBUTIONS) + ", found " + Values.found(value));
      return null;
    }
    Map.Entry<?, ?> entry = map.entrySet().iterator().next();
    String name = String.valueOf(entry.getKey());
    Object args = entry.getValue();
    String at = path + "." + name;
    switch (name) {
      case "uniform", "logUniform" -> {
        List<?> bounds = pair(args, at, name, "two numbers", v -> Values.real(v) != null, in);
        if (bounds == null) {
          return null;
        }
        double low = Values.real(bounds.get(0));
        double high = Values.real(bounds.get(1));
        boolean log = name.equals("logUniform");
        if (!(low < high) || (log && !(low > 0))) {
          in.problem(at, name + " needs " + (log ? "0 < low < high" : "low < high") + ", found " + args);
          return null;
        }
        return log ? new Distribution.LogUniform(low, high) : new Distribution.Uniform(low, high);
      }
      case "intRange" -> {
        List<?> bounds = pair(args, at, name, "two integers", v -> Values.integral(v) != null, in);
        if (bounds == null) {
          return null;
        }
        long low = Values.integral(bounds.get(0));
        long high = Values.integral(bounds.get(1));
        if (low > high) {
          in.problem(at, "intRange needs low <= high, found " + args);
          return null;
        }
        return new Distribution.IntRange(low, high);
      }
      case "choice" -> {
        if (!(args instanceof List<?> list) || list.isEmpty()) {
          in.problem(at, "choice needs a non-empty list of values, found " + args);
          return null;
        }
        return new Distribution.Choice(new ArrayList<>(list));
      }
      default -> {
        in.problem(at, "unknown distribution '" + name + "'; " + Suggestions.hint(name, DISTRIBUTIONS));
        return null;
      }
    }
  }

  /** {@code args} if it is {@code [low, high]} with both bounds accepted by {@code bound}; else null and a problem. */
  private static List<?> pair(Object args, String path, String name, String what, Predicate<Object> bound,
      SectionReader in) {
    if (args instanceof List<?> list && list.size() == 2 && bound.test(list.get(0)) && bound.test(list.get(1))) {
      return list;
    }
    in.problem(path, name + " needs [low, high] with " + what + ", found " + args);
    return null;
  }
}
