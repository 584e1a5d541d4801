package io.genlab.tracking.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/** MLflow's rules for param, metric and tag keys and value lengths, and genlab's for artifact paths. */
public final class Keys {
  static final int MAX_KEY_LENGTH = 250;
  static final int MAX_PARAM_VALUE_LENGTH = 6000;
  static final int MAX_TAG_VALUE_LENGTH = 8000;

  // ASCII \w: stricter than MLflow's Unicode \w, so that every key is a portable file name.
  private static final Pattern VALID_CHARS = Pattern.compile("[/\\w.\\- :]*");

  private Keys() {}

  /**
   * Returns {@code key} if MLflow accepts it as a {@code kind} key ("param", "metric", "tag").
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  static String check(String key, String kind) {
    Objects.requireNonNull(key, () -> kind + " key must not be null");
    if (key.isEmpty()) {
      throw invalid(key, kind, "must not be empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw invalid(key, kind, "must be at most " + MAX_KEY_LENGTH + " characters, found " + key.length());
    }
    if (!VALID_CHARS.matcher(key).matches()) {
      throw invalid(key, kind, "may only contain ASCII letters, digits, '_', '-', '.', ' ', ':' and '/'");
    }
    if (key.startsWith("/")) {
      throw invalid(key, kind, "must not start with '/'");
    }
    if (key.contains("..")) {
      throw invalid(key, kind, "must not contain '..'");
    }
    // A key is a file path: "a//b", "a/./b" or "a/" would name the same file as another key.
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        throw invalid(key, kind, "must be a normalized path: no empty or '.' segments, no trailing '/'");
      }
    }
    return key;
  }

  /** {@code value} cut to {@code max} code points (MLflow counts Python characters). */
  static String truncate(String value, int max) {
    if (value.codePointCount(0, value.length()) <= max) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, max));
  }

  static int length(String value) {
    return value.codePointCount(0, value.length());
  }

  /**
   * Returns {@code path} if it is a relative, normalized, {@code /}-separated artifact path; {@code
   * ""} (the artifact root) only when {@code emptyAllowed}; for every tracker, so that no path from a run or a
   * caller leads out of a run's artifacts.
   *
   * @throws IllegalArgumentException naming the path and the rule it breaks
   */
  public static String checkArtifactPath(String path, boolean emptyAllowed) {
    Objects.requireNonNull(path, "artifact path must not be null");
    if (path.isEmpty()) {
      if (emptyAllowed) {
        return path;
      }
      throw new IllegalArgumentException("invalid artifact path '': must not be empty");
    }
    if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "invalid artifact path '" + path + "': must be relative and '/'-separated");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "invalid artifact path '" + path + "': must be a normalized path inside the run's artifacts"
                + " (no empty, '.' or '..' segments, no trailing '/')");
      }
      if (segment.startsWith(AtomicFiles.TEMP_PREFIX)) {
        throw new IllegalArgumentException(
            "invalid artifact path '" + path + "': names starting with '" + AtomicFiles.TEMP_PREFIX
                + "' are reserved for temporary files");
      }
    }
    return path;
  }

  private static IllegalArgumentException invalid(String key, String kind, String rule) {
    return new IllegalArgumentException("invalid " + kind + " key '" + key + "': " + rule);
  }
}
