package io.genlab.engine.plugins;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.google.inject.Binding;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.Message;
import io.genlab.api.ComponentFactory;
import io.genlab.api.ComponentKind;
import io.genlab.api.PluginModule;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.config.Suggestions;
import io.genlab.engine.plugins.internal.PluginJars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Every component of every plugin, by kind and name, found with {@link ServiceLoader}.
 *
 * <p>Each plugin gets an injector of its own, so one plugin's bindings can never shadow another's;
 * the registry then merges the maps and fails on a duplicate plugin id or component name, naming both
 * plugins. Plugins of plugin folders ({@link PluginLocations}) come after the built-in ones, each from a class
 * loader of its own; one that cannot be loaded, or that takes an id or name already bound, is kept in
 * {@link #broken()} and the others load. Immutable after construction and thread-safe.
 */
public final class PluginRegistry {
  private final List<PluginModule> plugins;
  private final Map<ComponentKind, Map<String, Registered>> components;
  private final Map<PluginModule, Origin> origins;
  private final List<Broken> broken;

  /**
   * A component as registered.
   *
   * @param name its name, unique per kind
   * @param plugin the plugin that bound it
   * @param factory creates it from a config
   */
  public record Registered(String name, PluginModule plugin, ComponentFactory<?> factory) {}

  /**
   * Where a plugin came from.
   *
   * @param jar the jar holding its module class, or {@code null} for a built-in plugin
   * @param version the jar's version (manifest Implementation-Version, else its Maven pom.properties, else
   *     {@code unknown}); genlab's version for a built-in plugin; never {@code null}
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public record Origin(Path jar, String version) {
    /** Whether the plugin is one of genlab's own, found on its class path. */
    public boolean builtIn() {
      return jar == null;
    }

    /** {@code built-in}, or the jar's path. */
    public String describe() {
      return jar == null ? "built-in" : jar.toString();
    }
  }

  /**
   * A plugin of a plugin folder that could not be loaded; the others were.
   *
   * @param location its jar (or plugin sub-folder); never {@code null}
   * @param moduleClass its module's class name, or {@code null} when not known (a jar that is not a zip)
   * @param reason why, one line; never {@code null}
   * @param components the names it would have bound, by kind, where known (a clash); never {@code null}
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public record Broken(Path location, String moduleClass, String reason, Map<ComponentKind, Set<String>> components) {
    public Broken {
      components = Map.copyOf(components);
    }

    /** e.g. {@code plugin /p/x.jar (class ext.X): could not be instantiated: boom}. */
    public String describe() {
      return "plugin " + location + (moduleClass == null ? "" : " (class " + moduleClass + ")") + ": " + reason;
    }
  }

  private PluginRegistry(List<PluginModule> builtIns, List<PluginJars.Found> external, List<PluginJars.Failed> failed) {
    Map<String, PluginModule> byId = new LinkedHashMap<>();
    for (PluginModule p : builtIns) {
      PluginModule previous = byId.putIfAbsent(p.id(), p);
      if (previous != null) {
        throw new IllegalStateException("duplicate plugin id '" + p.id() + "': " + source(previous)
            + " and " + source(p));
      }
    }
    List<PluginModule> all = new ArrayList<>(builtIns);
    Map<PluginModule, Origin> origin = new IdentityHashMap<>();
    String genlabVersion = genlabVersion();
    builtIns.forEach(p -> origin.put(p, new Origin(null, genlabVersion)));
    Map<ComponentKind, Map<String, Registered>> registered = new EnumMap<>(ComponentKind.class);
    for (ComponentKind kind : ComponentKind.values()) {
      registered.put(kind, new TreeMap<>());
    }
    for (PluginModule plugin : builtIns) {
      Map<ComponentKind, Map<String, ComponentFactory<?>>> bound;
      try {
        bound = bindings(plugin);
      } catch (CreationException | ConfigureFailed e) {
        throw new IllegalStateException("plugin '" + plugin.id() + "' (" + source(plugin)
            + ") failed to configure: " + e.getMessage(), e);
      }
      bound.forEach((kind, factories) -> factories.forEach((name, factory) -> {
        Registered previous = registered.get(kind).putIfAbsent(name, new Registered(name, plugin, factory));
        if (previous != null) {
          throw new IllegalStateException("duplicate " + kind.label() + " name '" + name
              + "': bound by plugin '" + previous.plugin().id() + "' (" + source(previous.plugin())
              + ") and by plugin '" + plugin.id() + "' (" + source(plugin) + ")");
        }
      }));
    }
    List<Broken> brokenPlugins = new ArrayList<>();
    failed.forEach(f -> brokenPlugins.add(new Broken(f.location(), f.moduleClass(), f.reason(), Map.of())));
    // A plugin from a folder is taken whole or not at all: the first one to bind an id or name keeps it.
    for (PluginJars.Found f : external) {
      PluginModule plugin = f.module();
      String className = plugin.getClass().getName();
      Map<ComponentKind, Map<String, ComponentFactory<?>>> bound;
      String id;
      try {
        id = plugin.id();
        bound = bindings(plugin);
      } catch (ConfigureFailed e) {
        brokenPlugins.add(new Broken(f.jar(), className, "configure() failed: " + PluginJars.describe(e.getCause()),
            Map.of()));
        continue;
      } catch (CreationException e) {
        // Guice reports what went wrong as the cause of its own long message.
        Throwable thrown = e.getCause() != null ? e.getCause() : e;
        brokenPlugins.add(new Broken(f.jar(), className, "its bindings fail: " + PluginJars.describe(thrown),
            Map.of()));
        continue;
      } catch (RuntimeException | LinkageError e) {
        brokenPlugins.add(new Broken(f.jar(), className, "failed: " + PluginJars.describe(e), Map.of()));
        continue;
      }
      Map<ComponentKind, Set<String>> names = new EnumMap<>(ComponentKind.class);
      bound.forEach((kind, factories) -> names.put(kind, Set.copyOf(factories.keySet())));
      String clash = null;
      if (id == null) {
        clash = "its id() is null";
      } else if (byId.containsKey(id)) {
        clash = "plugin id '" + id + "' is already taken by plugin " + describe(byId.get(id), origin);
      }
      for (var e : bound.entrySet()) {
        for (String name : e.getValue().keySet()) {
          Registered previous = registered.get(e.getKey()).get(name);
          if (clash == null && previous != null) {
            clash = e.getKey().label() + " name '" + name + "' is already bound by plugin "
                + describe(previous.plugin(), origin);
          }
        }
      }
      if (clash != null) {
        brokenPlugins.add(new Broken(f.jar(), className, clash, names));
        continue;
      }
      byId.put(id, plugin);
      all.add(plugin);
      origin.put(plugin, new Origin(f.jar(), f.version()));
      bound.forEach((kind, factories) -> factories.forEach((name, factory) ->
          registered.get(kind).put(name, new Registered(name, plugin, factory))));
    }
    this.plugins = List.copyOf(all);
    this.origins = Collections.unmodifiableMap(origin);
    this.broken = List.copyOf(brokenPlugins);
    registered.replaceAll((k, v) -> Collections.unmodifiableMap(v));
    this.components = Collections.unmodifiableMap(registered);
  }

  /** The component factories {@code plugin} binds, by kind; its configure() runs in an injector of its own. */
  private static Map<ComponentKind, Map<String, ComponentFactory<?>>> bindings(PluginModule plugin) {
    // Recorded first: an injector would log what configure() threw, with its stack trace, to the console.
    List<Element> elements = Elements.getElements(plugin);
    for (Element element : elements) {
      if (element instanceof Message message) {
        throw new ConfigureFailed(message.getCause() != null ? message.getCause()
            : new IllegalStateException(message.getMessage()));
      }
    }
    Injector injector = Guice.createInjector(Elements.getModule(elements));
    Map<ComponentKind, Map<String, ComponentFactory<?>>> bound = new EnumMap<>(ComponentKind.class);
    for (ComponentKind kind : ComponentKind.values()) {
      Binding<Map<String, ComponentFactory<?>>> binding = injector.getExistingBinding(kind.mapKey());
      bound.put(kind, binding == null ? Map.of() : new TreeMap<>(binding.getProvider().get()));
    }
    return bound;
  }

  /** What a plugin's configure() threw. */
  private static final class ConfigureFailed extends RuntimeException {
    ConfigureFailed(Throwable thrown) {
      super(thrown.getMessage(), thrown);
    }
  }

  private static String describe(PluginModule plugin, Map<PluginModule, Origin> origins) {
    return "'" + plugin.id() + "' (" + origins.get(plugin).describe() + ")";
  }

  /** genlab's version: its engine jar's Implementation-Version, or {@code dev} when run from classes. */
  private static String genlabVersion() {
    String v = PluginRegistry.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The registry of every plugin on the class path. */
  public static PluginRegistry discover() {
    return discover(PluginLocations.none());
  }

  /**
   * The registry of every plugin on the class path and in the plugin folders of {@code locations}; a plugin of a
   * folder that cannot be loaded is kept in {@link #broken()} and the others load.
   *
   * @param locations the plugin folders; never {@code null}
   * @throws InvalidConfigException naming the setting when a folder is missing, not a folder or unreadable
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public static PluginRegistry discover(PluginLocations locations) {
    List<PluginModule> found = new ArrayList<>();
    ServiceLoader.load(PluginModule.class).forEach(found::add);
    PluginJars jars = new PluginJars(PluginRegistry.class.getClassLoader());
    for (Path folder : locations.folders()) {
      jars.load(folder, locations.setting());
    }
    return new PluginRegistry(found, jars.found(), jars.failed());
  }

  /** A registry of exactly these plugins (tests, embedding). */
  public static PluginRegistry of(PluginModule... plugins) {
    return new PluginRegistry(List.of(plugins), List.of(), List.of());
  }

  /**
   * Where {@code plugin}, one of {@link #plugins()}, came from.
   *
   * @throws IllegalArgumentException when it is not one of this registry's plugins
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public Origin origin(PluginModule plugin) {
    Origin o = origins.get(plugin);
    if (o == null) {
      throw new IllegalArgumentException("not a plugin of this registry: " + plugin.getClass().getName());
    }
    return o;
  }

  /**
   * The plugins of plugin folders that could not be loaded, each once, in the order found.
   *
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public List<Broken> broken() {
    return broken;
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
      for (Broken b : broken) {
        if (b.components().getOrDefault(kind, Set.of()).contains(name)) {
          throw new InvalidConfigException(path, kind.label() + " '" + name + "' comes from a broken " + b.describe()
              + "; fix or remove that plugin");
        }
      }
      Collection<String> names = components.get(kind).keySet();
      String unknownBroken = broken.stream().filter(b -> b.components().isEmpty()).map(Broken::describe)
          .collect(Collectors.joining("; "));
      throw new InvalidConfigException(path, "unknown " + kind.label() + " '" + name + "'; "
          + Suggestions.hint(name, names) + (unknownBroken.isEmpty() ? ""
              : " (it may come from a plugin that could not be loaded: " + unknownBroken + ")"));
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
