package io.genlab.engine.plugins;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The folders whose plugin jars genlab loads besides the built-in plugins, and the setting that named them.
 *
 * <p>They come from the user's environment only, never from a spec: {@code GENLAB_PLUGINS} (one folder, or several
 * separated by the platform's path separator, {@code :} on Linux and macOS), or else {@code ~/.genlab/plugins} when
 * it exists. Immutable and thread-safe.
 *
 * @param setting what named the folders, for error messages (e.g. {@code GENLAB_PLUGINS}); never {@code null}
 * @param folders the folders, in the order given; never {@code null}, possibly empty
 * @since 0.7
 */
@API(status = EXPERIMENTAL, since = "0.7")
public record PluginLocations(String setting, List<Path> folders) {
  /** The environment variable naming plugin folders. */
  public static final String VARIABLE = "GENLAB_PLUGINS";

  public PluginLocations {
    if (setting == null || folders == null) {
      throw new IllegalArgumentException("setting and folders must not be null");
    }
    folders = List.copyOf(folders);
  }

  /** No plugin folders: the built-in plugins only. */
  public static PluginLocations none() {
    return new PluginLocations(VARIABLE, List.of());
  }

  /** The folders of {@code GENLAB_PLUGINS}, or {@code ~/.genlab/plugins} when the variable is unset and it exists. */
  public static PluginLocations fromEnvironment(Map<String, String> environment, Path userHome) {
    String value = environment.get(VARIABLE);
    if (value == null) {
      Path home = userHome.resolve(".genlab").resolve("plugins");
      // An absent default folder means no extra plugins; one that exists is checked like a named one.
      return Files.exists(home) ? new PluginLocations("~/.genlab/plugins", List.of(home)) : none();
    }
    List<Path> folders = new ArrayList<>();
    for (String part : value.split(File.pathSeparator)) {
      if (!part.isBlank()) {
        folders.add(Path.of(part.strip()));
      }
    }
    return new PluginLocations(VARIABLE, folders);
  }

  /** The locations of this process's environment and home folder (the CLI's single lookup). */
  public static PluginLocations fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }
}
