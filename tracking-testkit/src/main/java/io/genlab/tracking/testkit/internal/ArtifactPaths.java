package io.genlab.tracking.testkit.internal;

import java.util.regex.Pattern;

/**
 * MLflow's {@code validate_path_is_safe} for artifact paths, and their normal form in the store.
 */
final class ArtifactPaths {
  private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^([A-Za-z]:[\\\\/]|\\\\\\\\).*");

  private ArtifactPaths() {}

  /**
   * The path as the store keys it, after MLflow's checks: decoded until stable, then no {@code #},
   * no {@code ..} part, not absolute.
   *
   * @throws MlflowError INVALID_PARAMETER_VALUE "Invalid path" as MLflow answers
   */
  static String safe(String path) {
    String decoded = path;
    for (String next = HttpCall.percentDecode(decoded, false);
        !next.equals(decoded);
        next = HttpCall.percentDecode(decoded, false)) {
      decoded = next;
    }
    if (decoded.startsWith("file:")) {
      decoded = decoded.substring("file:".length()).replaceFirst("^//[^/]*", "");
    }
    boolean traverses = false;
    for (String part : decoded.split("/", -1)) {
      traverses |= part.equals("..");
    }
    if (decoded.contains("#")
        || traverses
        || decoded.startsWith("/")
        || WINDOWS_ABSOLUTE.matcher(decoded).matches()) {
      throw MlflowError.invalid("Invalid path");
    }
    String normal = Validation.normpath(path);
    return normal.equals(".") ? "" : normal;
  }
}
