package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.tracking.internal.FileStoreTracker;
import io.genlab.tracking.internal.server.ServerTracker;
import io.genlab.tracking.internal.server.StoreSync;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
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
   *   <li>{@code http://} or {@code https://}: an MLflow tracking server, through the MLflow Java client;
   *       credentials come from MLflow's environment variables ({@code MLFLOW_TRACKING_TOKEN}, or {@code
   *       MLFLOW_TRACKING_USERNAME} and {@code MLFLOW_TRACKING_PASSWORD}; {@code MLFLOW_TRACKING_INSECURE_TLS}).
   *       Runs are recorded in a local spool ({@link #spoolBase}) first and sent in the background, so a
   *       server that is away does not stop a run.
   * </ul>
   *
   * @param uri the tracking URI, may be {@code null}
   * @throws UnsupportedOperationException for other schemes
   * @throws IllegalArgumentException for a malformed {@code file:} or server URI, e.g. one holding credentials
   * @throws java.io.UncheckedIOException wrapping a {@link StoreFileException} if the store's path is a file
   */
  public static Tracker open(String uri) {
    Optional<URI> server = serverUri(uri);
    if (server.isPresent()) {
      return new ServerTracker(server.get(), System.getenv(), spoolBase(), REQUEST_TIMEOUT, SEND_EVERY,
          System.err::println);
    }
    return fileStore(localStore(uri));
  }

  /** How long one request to a tracking server may take. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** How often logged values are sent to a tracking server. */
  private static final Duration SEND_EVERY = Duration.ofSeconds(1);

  /**
   * The tracking server {@code uri} names, or empty when it names a local file store.
   *
   * @throws IllegalArgumentException for an {@code http(s)} URI that is malformed, has no host, or holds
   *     credentials (they would be shown and logged with the URI: use MLflow's environment variables)
   */
  public static Optional<URI> serverUri(String uri) {
    String u = uri == null ? "" : uri.strip();
    var m = SCHEME.matcher(u);
    if (!m.matches()) {
      return Optional.empty();
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    URI parsed;
    try {
      parsed = new URI(u);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a tracking server URI: " + redacted(u) + " (" + redacted(e.getReason())
          + "); use http://host:port or https://host[:port][/path]");
    }
    if (parsed.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the tracking URI " + redacted(u) + " holds credentials, which would be shown"
          + " and logged with it; remove them and set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or"
          + " MLFLOW_TRACKING_TOKEN) instead");
    }
    if (parsed.getHost() == null || parsed.getHost().isBlank()) {
      throw new IllegalArgumentException("not a tracking server URI: " + redacted(u) + " names no host; use"
          + " http://host:port");
    }
    if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
      throw new IllegalArgumentException("not a tracking server URI: " + redacted(u) + " has a query or fragment;"
          + " use http://host:port[/path]");
    }
    return Optional.of(parsed);
  }

  /**
   * Where runs bound for a tracking server wait while it is away: {@code GENLAB_SPOOL_DIR}, else {@code
   * spool} in {@code GENLAB_CACHE_DIR}, else {@code ~/.cache/genlab/spool}; one folder per server inside.
   */
  public static Path spoolBase() {
    String spool = System.getenv("GENLAB_SPOOL_DIR");
    if (spool != null && !spool.isBlank()) {
      return Path.of(spool);
    }
    String cache = System.getenv("GENLAB_CACHE_DIR");
    return (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache",
        "genlab")).resolve("spool");
  }

  /**
   * Sends runs to the tracking server {@code serverUri}: those waiting in its spool when {@code fromStore} is
   * {@code null}, else every run of the file store {@code fromStore} (a folder or file: URI). Running it again
   * sends nothing twice.
   *
   * @throws IllegalArgumentException if {@code serverUri} does not name a tracking server or {@code fromStore}
   *     is not a local store
   * @throws java.io.UncheckedIOException when the server cannot be reached
   * @since 0.5
   */
  public static SyncSummary sync(String serverUri, String fromStore) {
    URI server = serverUri(serverUri).orElseThrow(() -> new IllegalArgumentException(
        "sync sends runs to a tracking server (http:// or https://), but the tracking URI is " + redacted(serverUri)));
    if (fromStore != null) {
      return StoreSync.send(localStore(fromStore), server, System.getenv(), spoolBase(), REQUEST_TIMEOUT);
    }
    try (ServerTracker tracker = new ServerTracker(server, System.getenv(), spoolBase(), REQUEST_TIMEOUT, SEND_EVERY,
        System.err::println)) {
      return tracker.sendSpooled();
    }
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
        throw new UnsupportedOperationException(redacted(u) + " names a tracking server, not a local file store");
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
