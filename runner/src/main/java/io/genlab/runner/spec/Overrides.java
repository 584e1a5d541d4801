package io.genlab.runner.spec;

import io.genlab.engine.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Applies {@code path=value} overrides to a parsed spec: {@code model.config.latentDim=8},
 * {@code metrics[1].config.samples=500}, {@code model.config.hiddenSizes=[512, 256]}. Values are read
 * as YAML, so lists and numbers keep their types. Stateless and thread-safe.
 */
public final class Overrides {
  private Overrides() {}

  /** Applies one override to {@code spec} in place. */
  public static void apply(Map<String, Object> spec, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new InvalidConfigException("--set " + override, "an override must look like path=value, e.g. training.epochs=5");
    }
    String path = override.substring(0, eq).trim();
    set(spec, path, new Yaml(new SafeConstructor(new LoaderOptions())).load(override.substring(eq + 1)));
  }

  /** Sets the value at a dotted {@code path} of {@code spec} in place (a sweep trial's swept values). */
  @SuppressWarnings("unchecked")
  public static void set(Map<String, Object> spec, String path, Object newValue) {
    Object value = SpecResolver.deepCopy(newValue);
    List<Object> steps = new ArrayList<>();
    for (String part : path.split("\\.")) {
      var m = java.util.regex.Pattern.compile("([^\\[\\]]+)((\\[\\d+\\])*)").matcher(part);
      if (!m.matches()) {
        throw new InvalidConfigException(path, "cannot read override path segment '" + part + "'");
      }
      steps.add(m.group(1));
      var idx = java.util.regex.Pattern.compile("\\[(\\d+)\\]").matcher(m.group(2));
      while (idx.find()) {
        steps.add(Integer.parseInt(idx.group(1)));
      }
    }
    Object node = spec;
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (step instanceof String key) {
        at.append(at.length() == 0 ? "" : ".").append(key);
        if (node instanceof String s && i > 0) {
          // A component given by name alone ("model: mlp-vae") becomes {name: ...} when a field is set.
          Map<String, Object> expanded = new LinkedHashMap<>();
          expanded.put("name", s);
          replace(spec, steps.subList(0, i), expanded);
          node = expanded;
        }
        if (!(node instanceof Map<?, ?>)) {
          throw new InvalidConfigException(path, "cannot set '" + key + "': " + at + " is not a mapping");
        }
        Map<String, Object> map = (Map<String, Object>) node;
        if (last) {
          map.put(key, value);
        } else {
          node = map.computeIfAbsent(key, k -> steps.get(steps.indexOf(step) + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>());
        }
      } else {
        int index = (Integer) step;
        at.append('[').append(index).append(']');
        if (!(node instanceof List<?> list) || index >= list.size()) {
          throw new InvalidConfigException(path, at + " does not exist in the spec");
        }
        if (last) {
          ((List<Object>) list).set(index, value);
        } else {
          node = list.get(index);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void replace(Map<String, Object> spec, List<Object> steps, Object value) {
    Object node = spec;
    for (int i = 0; i < steps.size() - 1; i++) {
      Object s = steps.get(i);
      node = s instanceof String k ? ((Map<String, Object>) node).get(k) : ((List<Object>) node).get((Integer) s);
    }
    Object lastStep = steps.get(steps.size() - 1);
    if (lastStep instanceof String k) {
      ((Map<String, Object>) node).put(k, value);
    } else {
      ((List<Object>) node).set((Integer) lastStep, value);
    }
  }
}
