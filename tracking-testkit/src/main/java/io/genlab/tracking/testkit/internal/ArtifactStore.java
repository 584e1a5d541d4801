package io.genlab.tracking.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The proxied artifact store ({@code mlflow server}'s {@code --artifacts-destination}) in memory:
 * files by their path relative to the store's root, directories implied by the paths, as a local
 * directory behaves under MLflow's {@code LocalArtifactRepository}.
 *
 * <p>Thread-safe: every method holds this object's lock.
 */
public final class ArtifactStore {
  /** One entry of a directory listing: its name within the directory. */
  record Entry(String name, boolean isDir, long size) {}

  private final TreeMap<String, byte[]> files = new TreeMap<>();

  /**
   * Where an {@code mlflow-artifacts:} URI's files lie in the store, e.g. {@code 1/<run>/artifacts}
   * for {@code mlflow-artifacts:/1/<run>/artifacts}; {@code null} for another scheme.
   */
  public static String storePath(String artifactUri) {
    String scheme = "mlflow-artifacts:";
    return artifactUri.startsWith(scheme)
        ? artifactUri.substring(scheme.length()).replaceFirst("^/+", "").replaceFirst("/+$", "")
        : null;
  }

  /**
   * Stores a file, replacing one at the same path.
   *
   * @throws MlflowError INTERNAL_ERROR where a directory would have to be a file or the reverse, as
   *     writing to the disk fails on the real server
   */
  synchronized void put(String path, byte[] bytes) {
    if (isDirectory(path)) {
      throw new MlflowError(ErrorCode.INTERNAL_ERROR, "[Errno 21] Is a directory: '" + path + "'");
    }
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (files.containsKey(path.substring(0, slash))) {
        throw new MlflowError(
            ErrorCode.INTERNAL_ERROR, "[Errno 20] Not a directory: '" + path + "'");
      }
    }
    files.put(path, bytes.clone());
  }

  /**
   * The bytes of a file.
   *
   * @throws MlflowError INTERNAL_ERROR when there is no such file, as MLflow 2.17's download
   *     handler fails (it does not answer 404)
   */
  synchronized byte[] get(String path) {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      String why = isDirectory(path) ? "IsADirectoryError" : "FileNotFoundError";
      throw new MlflowError(
          ErrorCode.INTERNAL_ERROR,
          "The following failures occurred while downloading one or more artifacts from"
              + " ./mlartifacts: {'"
              + path
              + "': \""
              + why
              + "(2, 'No such file or directory')\"}");
    }
    return bytes.clone();
  }

  public synchronized Optional<byte[]> find(String path) {
    return Optional.ofNullable(files.get(path)).map(byte[]::clone);
  }

  /** A directory's entries sorted by name; empty for a file or a missing directory. */
  synchronized List<Entry> list(String dir) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    List<Entry> entries = new ArrayList<>();
    String lastDir = null;
    for (Map.Entry<String, byte[]> file : files.tailMap(prefix, true).entrySet()) {
      if (!file.getKey().startsWith(prefix)) {
        break;
      }
      String rest = file.getKey().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        entries.add(new Entry(rest, false, file.getValue().length));
      } else if (!rest.substring(0, slash).equals(lastDir)) {
        lastDir = rest.substring(0, slash);
        entries.add(new Entry(lastDir, true, 0));
      }
    }
    entries.sort((a, b) -> a.name().compareTo(b.name()));
    return entries;
  }

  /** Deletes a file or a directory with everything in it; nothing there is fine. */
  synchronized void delete(String path) {
    files.remove(path);
    files.keySet().removeIf(key -> path.isEmpty() || key.startsWith(path + "/"));
  }

  /** Every stored file's path, sorted. */
  public synchronized List<String> paths() {
    return List.copyOf(files.keySet());
  }

  private boolean isDirectory(String path) {
    String prefix = path + "/";
    String next = files.ceilingKey(prefix);
    return next != null && next.startsWith(prefix);
  }
}
