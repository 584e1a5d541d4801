package io.genlab.runner.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file and folder under a root with its bytes, to show that a refused command wrote nothing. */
public record StoreSnapshot(Path root, Map<String, String> entries) {
  /** Reads everything under {@code root} (nothing when it does not exist); links are recorded, not followed. */
  public static StoreSnapshot of(Path root) {
    Map<String, String> entries = new TreeMap<>();
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.toList()) {
          String key = root.relativize(p).toString();
          if (Files.isSymbolicLink(p)) {
            entries.put(key, "link -> " + Files.readSymbolicLink(p));
          } else if (Files.isDirectory(p)) {
            entries.put(key, "folder");
          } else if (Files.isReadable(p)) {
            entries.put(key, Arrays.toString(Files.readAllBytes(p)));
          } else {
            entries.put(key, "unreadable file of " + Files.size(p) + " bytes");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new StoreSnapshot(root, entries);
  }

  /** The paths whose presence or bytes differ between this snapshot and {@code later}. */
  public java.util.Set<String> changedIn(StoreSnapshot later) {
    java.util.Set<String> changed = new java.util.TreeSet<>();
    entries.forEach((k, v) -> {
      if (!v.equals(later.entries.get(k))) {
        changed.add(k);
      }
    });
    later.entries.keySet().stream().filter(k -> !entries.containsKey(k)).forEach(changed::add);
    return changed;
  }
}
