package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.tracking.internal.FileStoreTracker;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Opens a {@link Tracker} from an MLflow-style tracking URI.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Trackers {

  /** The store used when no URI is given, as in MLflow. */
  public static final String DEFAULT_URI = "./mlruns";

  // Two or more characters, so that a Windows drive letter ("C:\...") is read as a path.
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);

  private Trackers() {}

  /**
   * The store to use: {@code uri} when given, else {@code MLFLOW_TRACKING_URI} when set, else
   * {@link #DEFAULT_URI}, as MLflow chooses.
   *
   * @param uri a URI given by the user, may be {@code null}
   */
  public static String uriOrDefault(String uri) {
    if (uri != null) {
      return uri;
    }
    String env = System.getenv("MLFLOW_TRACKING_URI");
    return env != null && !env.isBlank() ? env : DEFAULT_URI;
  }

  /**
   * Opens the tracker a URI names.
   *
   * <ul>
   *   <li>{@code null}, empty, a path or a {@code file:} URI: MLflow's local file store in that
   *       folder (created by the first run started; opening writes nothing); relative paths are
   *       resolved against the working directory.
   *   <li>{@code http://} or {@code https://}: not supported yet.
   * </ul>
   *
   * @param uri the tracking URI, may be {@code null}
   * @throws UnsupportedOperationException for tracking servers and other schemes
   * @throws IllegalArgumentException for a malformed {@code file:} URI, e.g. one naming a host
   * @throws java.io.UncheckedIOException wrapping a {@link StoreFileException} if the store's path is a file
   */
  public static Tracker open(String uri) {
    return fileStore(localStore(uri));
  }

  /** The folder of the file store {@code uri} names; separate from {@link #open} for tests. */
  static Path localStore(String uri) {
    String u = uri == null || uri.isBlank() ? DEFAULT_URI : uri.strip();
    var m = SCHEME.matcher(u);
    if (!m.matches()) {
      return Path.of(u);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file":
        // "file:///abs" is a proper URI; "file:relative/dir" is not, so strip the scheme instead.
        if (!u.startsWith("file://")) {
          String path = u.substring("file:".length());
          if (path.isBlank()) {
            // Path.of("") is the working directory: the store's folders would be made among the user's files.
            throw new IllegalArgumentException("not a local file URI: " + redacted(u) + " names no folder; use "
                + "file:///absolute/folder or a folder path");
          }
          return Path.of(path);
        }
        try {
          return Path.of(URI.create(u));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("not a local file URI: " + redacted(u) + " (" + redacted(e.getMessage())
              + "); use file:///absolute/folder or a folder path", e);
        }
      case "http":
      case "https":
        throw new UnsupportedOperationException(
            "tracking servers are not supported yet (got " + redacted(u) + "): supported are a folder path and a"
                + " file: URI (MLflow's local file store); log to a local store and serve it with "
                + "`mlflow ui --backend-store-uri <dir>`");
      default:
        throw new UnsupportedOperationException(
            "unsupported tracking URI scheme '" + scheme + "' in " + redacted(u)
                + ": supported are a folder path and a file: URI (MLflow's local file store)");
    }
  }

  /**
   * The folder of the local file store {@code uri} names (as {@link #open} reads it), without opening or
   * creating anything, so a command that only reads can first check that the store exists.
   *
   * @param uri the tracking URI, may be {@code null}
   * @throws UnsupportedOperationException for tracking servers and other schemes
   * @throws IllegalArgumentException for a malformed {@code file:} URI
   */
  public static Path storeFolder(String uri) {
    return localStore(uri);
  }

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /**
   * Whether {@code id} may be a run id: at most 64 letters, digits, {@code _} or {@code -}, starting with a
   * letter or digit (MLflow's are 32 hex digits). Ids come from users and shared stores; such an id cannot
   * lead out of a folder as a path, nor be read as an option on a command line. Stateless.
   */
  public static boolean isRunId(String id) {
    return id != null && RUN_ID.matcher(id).matches();
  }

  // userinfo of any scheme://user:password@ ; the query parameters whose names say they hold a secret.
  private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s'\"]*@");
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "(?i)([?&;][^=&#\\s'\"]*(?:token|password|passwd|pwd|secret|key|signature|sig|credential|auth|session)"
          + "[^=&#\\s'\"]*=)[^&;#\\s'\"]*");

  /**
   * {@code text} with the credentials of every URI in it replaced by {@code ***}: the userinfo of
   * {@code scheme://user:password@host} and the values of query parameters whose names hold {@code
   * token}, {@code password}, {@code secret}, {@code key}, {@code sig}, {@code credential}, {@code auth}
   * or {@code session} (e.g. {@code ?token=...}, {@code X-Amz-Signature=...}). Use it wherever a
   * tracking URI (or text that may hold one, such as a spec) is shown or logged; stateless.
   *
   * @param text a URI or any text, may be {@code null} (giving {@code null})
   */
  public static String redacted(String text) {
    if (text == null) {
      return null;
    }
    String out = USERINFO.matcher(text).replaceAll("$1***@");
    return SECRET_PARAMETER.matcher(out).replaceAll("$1***");
  }

  /**
   * Opens MLflow's local file store in {@code root}; the first run started creates it when missing.
   *
   * @throws java.io.UncheckedIOException wrapping a {@link StoreFileException} if {@code root} is a file
   */
  public static Tracker fileStore(Path root) {
    return new FileStoreTracker(root);
  }
}
