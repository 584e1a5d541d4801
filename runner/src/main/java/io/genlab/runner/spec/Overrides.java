package io.genlab.runner.spec;

import io.genlab.engine.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@code path=value} overrides to a parsed spec: {@code model.config.latentDim=8},
 * {@code metrics[1].config.samples=500}, {@code model.config.hiddenSizes=[512, 256]}. Values are read
 * as YAML (by {@link SpecYaml}, as spec files are), so lists and numbers keep their types. Stateless and
 * thread-safe.
 */
public final class Overrides {
  private static final Pattern SEGMENT = Pattern.compile("([^\\[\\]]+)((\\[[^\\]]*\\])*)");
  private static final Pattern INDEX = Pattern.compile("\\[([^\\]]*)\\]");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
  private static final String PATHS = "a path is names separated by '.', each optionally followed by [index] "
      + "(a number from 0), e.g. training.epochs or metrics[1].config.samples";

  private Overrides() {}

  /** Applies one override to {@code spec} in place; problems name the argument as {@code --set <override>}. */
  public static void apply(Map<String, Object> spec, String override) {
    String place = "--set " + override;
    int eq = override.indexOf('=');
    if (eq < 0 || override.substring(0, eq).isBlank()) {
      throw new InvalidConfigException(place, "an override must look like path=value, e.g. --set training.epochs=5");
    }
    List<Object> steps = steps(override.substring(0, eq).trim(), place);
    set(spec, steps, SpecYaml.value(override.substring(eq + 1), place), place);
  }

  /** The spec path an override sets ({@code training.epochs} for {@code training.epochs=3}), or {@code null}. */
  public static String path(String override) {
    int eq = override.indexOf('=');
    return eq <= 0 ? null : override.substring(0, eq).trim();
  }

  /** Sets the value at a dotted {@code path} of {@code spec} in place (a sweep trial's swept values). */
  public static void set(Map<String, Object> spec, String path, Object newValue) {
    set(spec, steps(path, path), newValue, path);
  }

  /** The steps of {@code path}: keys (strings) and list indices (integers). */
  private static List<Object> steps(String path, String place) {
    List<Object> steps = new ArrayList<>();
    String[] parts = path.split("\\.", -1);
    if (parts.length > SpecYaml.MAX_DEPTH) {
      throw new InvalidConfigException(place, "a path of " + parts.length + " parts; at most " + SpecYaml.MAX_DEPTH);
    }
    for (String part : parts) {
      Matcher m = SEGMENT.matcher(part);
      if (part.isBlank() || !m.matches() || m.group(1).isBlank()) {
        throw new InvalidConfigException(place, "cannot read path part '" + part + "' of '" + path + "'; " + PATHS);
      }
      steps.add(m.group(1).trim());
      Matcher idx = INDEX.matcher(m.group(2));
      while (idx.find()) {
        if (!NUMBER.matcher(idx.group(1)).matches()) {
          throw new InvalidConfigException(place, "cannot read index [" + idx.group(1) + "] in '" + path
              + "': an index is a number from 0 to 999999999; " + PATHS);
        }
        steps.add(Integer.parseInt(idx.group(1)));
      }
    }
    return steps;
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> spec, List<Object> steps, Object newValue, String place) {
    Object value = SpecResolver.deepCopy(newValue);
    Object node = spec;
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (step instanceof String key) {
        String parent = at.toString();
        at.append(at.length() == 0 ? "" : ".").append(key);
        if (node instanceof String s && i > 0) {
          // A component given by name alone ("model: mlp-vae") becomes {name: ...} when a field is set.
          Map<String, Object> expanded = new LinkedHashMap<>();
          expanded.put("name", s);
          replace(spec, steps.subList(0, i), expanded);
          node = expanded;
        }
        if (!(node instanceof Map<?, ?>)) {
          throw new InvalidConfigException(place, "cannot set '" + key + "': " + parent + " is "
              + (node instanceof List<?> ? "a list (use " + parent + "[index])" : "not a mapping"));
        }
        Map<String, Object> map = (Map<String, Object>) node;
        if (last) {
          map.put(key, value);
        } else {
          Object next = steps.get(i + 1);
          if (next instanceof Integer index && map.get(key) == null) {
            // An index into nothing: say so, rather than "has 0 entries" of a list made up here.
            throw new InvalidConfigException(place, at + "[" + index + "] does not exist: " + at + " is not set; "
                + "set the whole list instead, e.g. " + at + "=[...]");
          }
          node = map.computeIfAbsent(key, k -> new LinkedHashMap<>());
        }
      } else {
        int index = (Integer) step;
        String list = at.toString();
        at.append('[').append(index).append(']');
        if (!(node instanceof List<?> l)) {
          throw new InvalidConfigException(place, at + " does not exist: " + list + " is not a list");
        }
        if (index >= l.size()) {
          throw new InvalidConfigException(place, at + " does not exist: " + list + " has " + l.size()
              + (l.size() == 1 ? " entry" : " entries") + (l.isEmpty() ? "" : " (index 0 to " + (l.size() - 1) + ")"));
        }
        if (last) {
          ((List<Object>) l).set(index, value);
        } else {
          node = l.get(index);
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
