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

  /**
   * The widest layer (units, channels, latent dimensions) a config accepts: a square weight matrix this wide
   * takes 1 GiB.
   */
  public static final int MAX_WIDTH = 16_384;

  /** The most samples one sampler grid or metric draws: more would take hours and gigabytes. */
  public static final int MAX_SAMPLES = 100_000;

  /**
   * Requires a layer width in {@code [1, MAX_WIDTH]} (as {@link #positive(String, int)} below 1); the message
   * says why there is a limit.
   */
  public static int width(String field, int value) {
    positive(field, value);
    if (value > MAX_WIDTH) {
      throw new ConfigException(field, field + " must be from 1 to " + MAX_WIDTH + ", found " + value
          + " (a wider layer would need gigabytes of memory)");
    }
    return value;
  }

  /** Requires a non-empty list of widths, each in {@code [1, MAX_WIDTH]}, and returns an unmodifiable copy. */
  public static List<Integer> widths(String field, List<Integer> values) {
    List<Integer> copy = positiveList(field, values);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) > MAX_WIDTH) {
        throw new ConfigException(field, field + "[" + i + "] must be from 1 to " + MAX_WIDTH + ", found " + copy.get(i)
            + " in " + copy + " (a wider layer would need gigabytes of memory)");
      }
    }
    return copy;
  }

  /**
   * Requires a sample count in {@code [1, MAX_SAMPLES]} (as {@link #positive(String, int)} below 1); the message
   * says why there is a limit.
   */
  public static int samples(String field, int value) {
    positive(field, value);
    if (value > MAX_SAMPLES) {
      throw new ConfigException(field, field + " must be from 1 to " + MAX_SAMPLES + ", found " + value
          + " (more samples would take hours and gigabytes of memory)");
    }
    return value;
  }
}
