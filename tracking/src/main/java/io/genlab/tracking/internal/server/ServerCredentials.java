package io.genlab.tracking.internal.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to authenticate to a tracking server, read from the environment variables MLflow's own clients read.
 *
 * <p>A bearer token ({@code MLFLOW_TRACKING_TOKEN}) wins over basic authentication ({@code
 * MLFLOW_TRACKING_USERNAME} and {@code MLFLOW_TRACKING_PASSWORD}), as in MLflow; {@code
 * MLFLOW_TRACKING_INSECURE_TLS=true} skips certificate checks. {@link #toString} never shows a secret.
 * Immutable and thread-safe.
 *
 * @param token the bearer token, or {@code null}
 * @param username the basic-authentication user, or {@code null}
 * @param password the basic-authentication password, or {@code null}
 * @param insecureTls whether to skip TLS certificate and host name checks
 */
record ServerCredentials(String token, String username, String password, boolean insecureTls) {

  static final ServerCredentials NONE = new ServerCredentials(null, null, null, false);

  ServerCredentials {
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD must be set together"
          + " (found only " + (username == null ? "MLFLOW_TRACKING_PASSWORD" : "MLFLOW_TRACKING_USERNAME") + ")");
    }
  }

  /** The credentials the variables in {@code env} give (blank values count as unset). */
  static ServerCredentials fromEnvironment(Map<String, String> env) {
    String insecure = value(env, "MLFLOW_TRACKING_INSECURE_TLS");
    boolean skipTls = insecure != null && switch (insecure.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("MLFLOW_TRACKING_INSECURE_TLS must be true or false, found '"
          + io.genlab.tracking.Trackers.redacted(insecure) + "'");
    };
    return new ServerCredentials(value(env, "MLFLOW_TRACKING_TOKEN"), value(env, "MLFLOW_TRACKING_USERNAME"),
        value(env, "MLFLOW_TRACKING_PASSWORD"), skipTls);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The {@code Authorization} header's value, or empty without credentials. */
  Optional<String> authorization() {
    if (token != null) {
      return Optional.of("Bearer " + token);
    }
    if (username != null) {
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(
          (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  /** Which kind of authentication is configured, for messages: never the secret itself. */
  String describe() {
    return token != null ? "a bearer token (MLFLOW_TRACKING_TOKEN)"
        : username != null ? "basic authentication as user '" + username + "' (MLFLOW_TRACKING_USERNAME)"
        : "no credentials (set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)";
  }

  @Override
  public String toString() {
    return "ServerCredentials[" + describe() + (insecureTls ? ", insecure TLS" : "") + "]";
  }
}
