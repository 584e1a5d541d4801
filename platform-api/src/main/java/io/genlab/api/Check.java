package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Validation helpers for config records, producing messages of the form "field must be RULE, found VALUE".
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class Check {
  private Check() {}

  /** Requires {@code value > 0}. */
  public static int positive(String field, int value) {
    if (value <= 0) {
      throw new ConfigException(field, field + " must be > 0, found " + value);
    }
    return value;
  }

  /** Requires {@code value > 0} and finite. */
  public static double positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ConfigException(field, field + " must be > 0 and finite, found " + value);
    }
    return value;
  }

  /** Requires {@code value >= 0}. */
  public static int nonNegative(String field, int value) {
    if (value < 0) {
      throw new ConfigException(field, field + " must be >= 0, found " + value);
    }
    return value;
  }

  /** Requires {@code value >= 0} and finite. */
  public static double nonNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ConfigException(field, field + " must be >= 0 and finite, found " + value);
    }
    return value;
  }

  /** Requires {@code low <= value <= high}. */
  public static double inRange(String field, double value, double low, double high) {
    if (!(value >= low && value <= high)) {
      throw new ConfigException(
          field, field + " must be in [" + low + ", " + high + "], found " + value);
    }
    return value;
  }

  /** Requires {@code low <= value <= high}. */
  public static int inRange(String field, int value, int low, int high) {
    if (value < low || value > high) {
      throw new ConfigException(
          field, field + " must be in [" + low + ", " + high + "], found " + value);
    }
    return value;
  }

  /** Requires a non-null value. */
  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new ConfigException(field, field + " must be set, found null");
    }
    return value;
  }

  /** Requires a non-empty list of positive integers and returns an unmodifiable copy. */
  public static List<Integer> positiveList(String field, List<Integer> values) {
    notNull(field, values);
    if (values.isEmpty()) {
      throw new ConfigException(field, field + " must not be empty, found []");
    }
    for (int i = 0; i < values.size(); i++) {
      Integer v = values.get(i);
      if (v == null || v <= 0) {
        throw new ConfigException(
            field, field + "[" + i + "] must be > 0, found " + v + " in " + values);
      }
    }
    return List.copyOf(values);
  }

  /** Requires {@code value} to be one of {@code allowed}. */
  public static String oneOf(String field, String value, String... allowed) {
    notNull(field, value);
    if (!Arrays.asList(allowed).contains(value)) {
      throw new ConfigException(
          field, field + " must be one of " + Arrays.toString(allowed) + ", found '" + value + "'");
    }
    return value;
  }
}
