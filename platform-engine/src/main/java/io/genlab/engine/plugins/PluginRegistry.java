package io.genlab.engine.plugins;

import com.google.inject.Binding;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.genlab.api.ComponentFactory;
import io.genlab.api.ComponentKind;
import io.genlab.api.PluginModule;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.config.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every component of every plugin, by kind and name, found with {@link ServiceLoader}.
 *
 * <p>Each plugin gets an injector of its own, so one plugin's bindings can never shadow another's;
 * the registry then merges the maps and fails on a duplicate plugin id or component name, naming both
 * plugins. Immutable after construction and thread-safe.
 */
public final class PluginRegistry {
  private final List<PluginModule> plugins;
  private final Map<ComponentKind, Map<String, Registered>> components;

  /**
   * A component as registered.
   *
   * @param name its name, unique per kind
   * @param plugin the plugin that bound it
   * @param factory creates it from a config
   */
  public record Registered(String name, PluginModule plugin, ComponentFactory<?> factory) {}

  private PluginRegistry(List<PluginModule> plugins) {
    Map<String, PluginModule> byId = new LinkedHashMap<>();
    for (PluginModule p : plugins) {
      PluginModule previous = byId.putIfAbsent(p.id(), p);
      if (previous != null) {
        throw new IllegalStateException("duplicate plugin id '" + p.id() + "': " + source(previous)
            + " and " + source(p));
      }
    }
    this.plugins = List.copyOf(plugins);
    Map<ComponentKind, Map<String, Registered>> all = new EnumMap<>(ComponentKind.class);
    for (ComponentKind kind : ComponentKind.values()) {
      all.put(kind, new TreeMap<>());
    }
    for (PluginModule plugin : plugins) {
      Injector injector;
      try {
        injector = Guice.createInjector(plugin);
      } catch (CreationException e) {
        throw new IllegalStateException("plugin '" + plugin.id() + "' (" + source(plugin)
            + ") failed to configure: " + e.getMessage(), e);
      }
      for (ComponentKind kind : ComponentKind.values()) {
        Binding<Map<String, ComponentFactory<?>>> binding = injector.getExistingBinding(kind.mapKey());
        if (binding == null) {
          continue;
        }
        for (Map.Entry<String, ComponentFactory<?>> e : binding.getProvider().get().entrySet()) {
          Registered previous = all.get(kind).putIfAbsent(e.getKey(), new Registered(e.getKey(), plugin, e.getValue()));
          if (previous != null) {
            throw new IllegalStateException("duplicate " + kind.label() + " name '" + e.getKey()
                + "': bound by plugin '" + previous.plugin().id() + "' (" + source(previous.plugin())
                + ") and by plugin '" + plugin.id() + "' (" + source(plugin) + ")");
          }
        }
      }
    }
    all.replaceAll((k, v) -> java.util.Collections.unmodifiableMap(v));
    this.components = java.util.Collections.unmodifiableMap(all);
  }

  /** The registry of every plugin on the class path. */
  public static PluginRegistry discover() {
    List<PluginModule> found = new ArrayList<>();
    ServiceLoader.load(PluginModule.class).forEach(found::add);
    return new PluginRegistry(found);
  }

  /** A registry of exactly these plugins (tests, embedding). */
  public static PluginRegistry of(PluginModule... plugins) {
    return new PluginRegistry(List.of(plugins));
  }

  /** The plugins, in discovery order. */
  public List<PluginModule> plugins() {
    return plugins;
  }

  /** The components of one kind, by name (sorted). */
  public Map<String, Registered> components(ComponentKind kind) {
    return components.get(kind);
  }

  /**
   * The component {@code name} of {@code kind}.
   *
   * @param path the spec path naming it, for the error message
   * @throws InvalidConfigException naming the path, the allowed names and the closest one
   */
  public Registered find(ComponentKind kind, String name, String path) {
    Registered r = components.get(kind).get(name);
    if (r == null) {
      Collection<String> names = components.get(kind).keySet();
      throw new InvalidConfigException(path, "unknown " + kind.label() + " '" + name + "'; "
          + Suggestions.hint(name, names));
    }
    return r;
  }

  /**
   * Creates component {@code name} of {@code kind} from the user's config values.
   *
   * @param configValues the values under the spec's {@code config:} key, or {@code null}
   * @param path the spec path of the component reference
   * @throws InvalidConfigException listing every problem
   */
  public <T> Created<T> create(ComponentKind kind, Class<T> type, String name, Map<String, ?> configValues, String path) {
    Registered r = find(kind, name, path + ".name");
    Record config = ConfigBinder.bind(r.factory().defaults(), configValues, path + ".config");
    return new Created<>(r, config, type.cast(r.factory().create(config)));
  }

  /**
   * A component created from its validated config.
   *
   * @param registration where it came from
   * @param config the resolved config
   * @param component the instance
   */
  public record Created<T>(Registered registration, Record config, T component) {}

  private static String source(PluginModule p) {
    var location = p.getClass().getProtectionDomain().getCodeSource();
    return p.getClass().getName() + (location == null ? "" : " from " + location.getLocation());
  }
}
