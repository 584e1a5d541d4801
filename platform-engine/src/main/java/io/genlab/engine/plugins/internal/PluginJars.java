package io.genlab.engine.plugins.internal;

import io.genlab.api.PluginModule;
import io.genlab.engine.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the plugin modules of the jars in plugin folders: each jar, or each sub-folder of jars, gets a class loader
 * of its own whose parent is genlab's, so that two plugins' dependencies never meet. Not thread-safe; used once per
 * registry.
 */
public final class PluginJars {
  static final String SERVICES = "META-INF/services/" + PluginModule.class.getName();

  /** A module found in a plugin jar, with the jar holding its class and that jar's version. */
  public record Found(PluginModule module, Path jar, String version) {}

  /** A plugin that could not be loaded: its jar (or folder), its module class when known, and why. */
  public record Failed(Path location, String moduleClass, String reason) {}

  private final ClassLoader parent;
  private final List<Found> found = new ArrayList<>();
  private final List<Failed> failed = new ArrayList<>();

  public PluginJars(ClassLoader parent) {
    this.parent = parent;
  }

  public List<Found> found() {
    return found;
  }

  public List<Failed> failed() {
    return failed;
  }

  /**
   * Loads every plugin of {@code folder}: its {@code *.jar} files one by one, its sub-folders each as one plugin
   * with all their jars.
   *
   * @param setting the setting that named the folder, for the message of bad input
   * @throws InvalidConfigException naming the setting when the folder is missing, not a folder or unreadable
   */
  public void load(Path folder, String setting) {
    if (!Files.exists(folder)) {
      throw new InvalidConfigException(setting, "plugin folder '" + folder + "' does not exist; name folders of "
          + "plugin jars (several separated by '" + java.io.File.pathSeparator + "'), or unset " + setting);
    }
    if (!Files.isDirectory(folder)) {
      throw new InvalidConfigException(setting, "'" + folder + "' is not a folder; name folders of plugin jars "
          + "(several separated by '" + java.io.File.pathSeparator + "')");
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(folder)) {
      entries = list.sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidConfigException(setting, "plugin folder '" + folder + "' cannot be read: " + e.getMessage());
    }
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        List<Path> jars;
        try (Stream<Path> list = Files.list(entry)) {
          jars = list.filter(PluginJars::isJar).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
          failed.add(new Failed(entry, null, "the plugin folder cannot be read: " + e.getMessage()));
          continue;
        }
        if (!jars.isEmpty()) {
          loadPlugin(entry, jars);
        }
      } else if (isJar(entry)) {
        loadPlugin(entry, List.of(entry));
      }
    }
  }

  private static boolean isJar(Path p) {
    return p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p);
  }

  private void loadPlugin(Path location, List<Path> jars) {
    boolean declares = false;
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        declares |= file.getEntry(SERVICES) != null;
      } catch (IOException e) {
        failed.add(new Failed(jar, null, "not a readable jar (zip) file: " + e.getMessage()));
        return;
      }
    }
    if (!declares) {
      failed.add(new Failed(location, null, "declares no plugin: no jar has " + SERVICES));
      return;
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        failed.add(new Failed(jars.get(i), null, "cannot be named as a URL: " + e.getMessage()));
        return;
      }
    }
    URLClassLoader loader = new URLClassLoader("genlab-plugin " + location.getFileName(), urls, parent);
    int before = found.size();
    // The loader also sees genlab's own service entries through its parent: only classes it defines are this plugin's.
    var providers = ServiceLoader.load(PluginModule.class, loader).stream().iterator();
    while (true) {
      ServiceLoader.Provider<PluginModule> provider;
      try {
        if (!providers.hasNext()) {
          break;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError e) {
        failed.add(new Failed(location, classNamed(e), describe(e)));
        continue;
      }
      Class<? extends PluginModule> type;
      try {
        type = provider.type();
      } catch (ServiceConfigurationError | LinkageError e) {
        failed.add(new Failed(location, classNamed(e), describe(e)));
        continue;
      }
      if (type.getClassLoader() != loader) {
        continue;
      }
      Path jar = jarOf(type, location);
      try {
        found.add(new Found(provider.get(), jar, version(jar)));
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        failed.add(new Failed(jar, type.getName(), describe(e)));
      }
    }
    if (found.size() == before) {
      try {
        loader.close();
      } catch (IOException e) {
        // nothing of it is used
      }
    }
  }

  private static Path jarOf(Class<?> type, Path fallback) {
    try {
      var source = type.getProtectionDomain().getCodeSource();
      return source == null ? fallback : Path.of(source.getLocation().toURI());
    } catch (Exception e) {
      return fallback;
    }
  }

  /** The jar's manifest Implementation-Version, or the version in its Maven pom.properties, or {@code unknown}. */
  public static String version(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      var manifest = file.getManifest();
      String v = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
          Properties p = new Properties();
          try (InputStream in = file.getInputStream(e)) {
            p.load(in);
          }
          String pv = p.getProperty("version");
          if (pv != null && !pv.isBlank()) {
            return pv.strip();
          }
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }

  private static String classNamed(Throwable e) {
    var m = java.util.regex.Pattern.compile("Provider (\\S+)").matcher(String.valueOf(e.getMessage()));
    return m.find() ? m.group(1) : null;
  }

  /** The error and its causes, one clause each, e.g. {@code could not be instantiated: boom}. */
  public static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
          + t.getMessage();
      if (t instanceof ServiceConfigurationError && t.getMessage() != null) {
        message = t.getMessage().replace(PluginModule.class.getName() + ": ", "");
      }
      if (out.length() > 0) {
        out.append(": ");
      }
      out.append(message);
    }
    // Guice's messages run over many lines; a report is one.
    return out.toString().replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
