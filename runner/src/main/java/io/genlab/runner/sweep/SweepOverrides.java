package io.genlab.runner.sweep;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.runner.spec.Overrides;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.runner.spec.SpecYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code --set} overrides of a sweep that target its {@code sweep:} section, e.g.
 * {@code sweep.parallel=2} or {@code sweep.grid.model.config.latentDim=[2, 4]}. Under {@code sweep.grid.} and
 * {@code sweep.random.params.} the rest of the path is one key (a spec path, dots included); elsewhere paths
 * work as in {@link Overrides}. Stateless and thread-safe.
 */
public final class SweepOverrides {
  private static final String PREFIX = SpecResolver.SWEEP + ".";
  private static final String GRID = PREFIX + "grid.";
  private static final String PARAMS = PREFIX + "random.params.";

  private SweepOverrides() {}

  /** Whether {@code override} ({@code path=value}) sets a value of the {@code sweep:} section. */
  public static boolean targetsSweep(String override) {
    int eq = override.indexOf('=');
    String path = (eq < 0 ? override : override.substring(0, eq)).trim();
    return path.equals(SpecResolver.SWEEP) || path.startsWith(PREFIX) || path.startsWith(SpecResolver.SWEEP + "[");
  }

  /**
   * The section with the overrides applied, in order; {@code section} itself is not changed. Values are read
   * and paths checked as for any other {@code --set} ({@link Overrides#apply}), and every problem is placed at
   * its {@code --set} argument.
   *
   * @param section the raw {@code sweep:} value, may be {@code null} (then the overrides create it)
   * @param overrides {@code path=value} strings, each {@link #targetsSweep targeting the sweep}
   * @return the new section, {@code null} only when {@code section} is and there are no overrides
   * @throws InvalidConfigException naming each {@code --set} argument that cannot be applied
   */
  public static Object apply(Object section, List<String> overrides) {
    Map<String, Object> holder = new LinkedHashMap<>();
    holder.put(SpecResolver.SWEEP, SpecResolver.deepCopy(section));
    List<ConfigProblem> problems = new ArrayList<>();
    for (String override : overrides) {
      try {
        apply(holder, override);
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return holder.get(SpecResolver.SWEEP);
  }

  private static void apply(Map<String, Object> holder, String override) {
    String path = Overrides.path(override);
    String key = path == null ? null : path.startsWith(GRID) ? path.substring(GRID.length())
        : path.startsWith(PARAMS) ? path.substring(PARAMS.length()) : null;
    if (key == null) {
      if (path != null && !path.equals(SpecResolver.SWEEP)) {
        // A section written as a scalar is refused as such, not turned into {name: ...} as a component would be.
        child(holder, SpecResolver.SWEEP, SpecResolver.SWEEP, override);
      }
      Overrides.apply(holder, override);
      return;
    }
    if (key.isBlank()) {
      throw new InvalidConfigException("--set " + override, "name the swept spec path after '"
          + path + "', e.g. " + (path.startsWith(GRID) ? "sweep.grid.loss.config.beta=[1, 2]"
              : "sweep.random.params.loss.config.beta={uniform: [0.5, 4]}"));
    }
    Object value = SpecYaml.value(override.substring(override.indexOf('=') + 1), "--set " + override);
    List<String> parents = path.startsWith(GRID) ? List.of("grid") : List.of("random", "params");
    String at = SpecResolver.SWEEP;
    Map<String, Object> node = child(holder, SpecResolver.SWEEP, at, override);
    for (String parent : parents) {
      at = at + "." + parent;
      node = child(node, parent, at, override);
    }
    node.put(key, value);
  }

  /** The mapping at {@code key} of {@code node}, created when absent. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> node, String key, String at, String override) {
    Object child = node.get(key);
    if (child == null) {
      child = new LinkedHashMap<String, Object>();
      node.put(key, child);
    }
    if (!(child instanceof Map<?, ?>)) {
      throw new InvalidConfigException("--set " + override, "cannot set it: " + at + " is not a mapping, found "
          + Values.found(child));
    }
    return (Map<String, Object>) child;
  }}
