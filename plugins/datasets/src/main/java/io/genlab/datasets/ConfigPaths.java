package io.genlab.datasets;

import io.genlab.api.ConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Shared validation of path-valued config fields; stateless and thread-safe. */
final class ConfigPaths {
  private ConfigPaths() {}

  /** Rejects blank or syntactically invalid paths, so a typo fails when the spec is read, not mid-run. */
  static String checkOptionalPath(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw new ConfigException(field, field + " must be a path or null, found '" + value + "'");
    }
    try {
      Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(
          field, field + " must be a valid path, found '" + value + "' (" + e.getReason() + ")");
    }
    return value;
  }

  /** Requires a plain, non-blank file name (relative to the dataset's directory). */
  static String checkFileName(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(field, field + " must be a file name, found " + quote(value));
    }
    try {
      Path p = Path.of(value);
      if (p.isAbsolute()) {
        throw new ConfigException(
            field, field + " must be relative to directory, found '" + value + "'");
      }
      for (Path part : p) {
        if (part.toString().equals("..")) {
          throw new ConfigException(field, field + " must name a file inside directory, found '" + value
              + "' (no '..' parts)");
        }
      }
    } catch (InvalidPathException e) {
      throw new ConfigException(
          field, field + " must be a valid file name, found '" + value + "' (" + e.getReason() + ")");
    }
    return value;
  }

  private static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
