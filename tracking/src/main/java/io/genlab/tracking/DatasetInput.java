package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A dataset a run used, as MLflow records it: the dataset (name, digest, source, schema, profile) and
 * the input's tags, of which {@code mlflow.data.context} says how the run used it ({@code train},
 * {@code test}); what MLflow's UI shows in a run's Datasets column and dataset drawer.
 *
 * <p>The limits are MLflow's own ({@code mlflow/utils/validation.py}, 2.x), counted in characters (code
 * points) as Python counts them, so that whatever this record accepts a tracking server accepts too.
 * MLflow allows a digest of at most {@value #MAX_DIGEST_LENGTH} characters, too short for a SHA-256 in
 * hex (64): {@link #digestOf} keeps its first {@value #MAX_DIGEST_LENGTH} hex digits (144 bits, far
 * beyond any chance collision between the datasets of one experiment), and a producer that wants the
 * whole hash keeps it in the profile, as genlab's runner does under {@code sha256}.
 *
 * <p>Immutable and thread-safe; the tags are an unmodifiable copy sorted by key.
 *
 * @param name the dataset's name, e.g. {@code mnist-train}; not blank, at most {@value #MAX_NAME_LENGTH}
 *     characters
 * @param digest a short fingerprint of the dataset's content; not blank, at most {@value
 *     #MAX_DIGEST_LENGTH} characters. With {@code name} it identifies the dataset in its experiment
 * @param sourceType what kind of source {@code source} describes, as MLflow names them ({@code local},
 *     {@code http}, {@code code}, ...); not blank
 * @param source where the data came from, usually JSON as MLflow's sources write it; never {@code null},
 *     at most {@value #MAX_SOURCE_LENGTH} characters
 * @param schema the data's schema (JSON), or {@code null}; at most {@value #MAX_SCHEMA_LENGTH} characters
 * @param profile a summary of the data (JSON), or {@code null}; at most {@value #MAX_PROFILE_LENGTH}
 *     characters
 * @param context how the run used the dataset ({@code train}, {@code test}), stored as the input tag
 *     {@value #CONTEXT_TAG}, or {@code null}; at most {@value #MAX_TAG_VALUE_LENGTH} characters
 * @param tags further input tags, never {@code null}, without {@value #CONTEXT_TAG}; keys not blank and at
 *     most {@value #MAX_TAG_KEY_LENGTH} characters, values at most {@value #MAX_TAG_VALUE_LENGTH}
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record DatasetInput(
    String name,
    String digest,
    String sourceType,
    String source,
    String schema,
    String profile,
    String context,
    Map<String, String> tags) {

  /** The input tag holding {@link #context()}, as MLflow names it. */
  public static final String CONTEXT_TAG = "mlflow.data.context";
  /** MLflow's limit on {@link #name()}. */
  public static final int MAX_NAME_LENGTH = 500;
  /** MLflow's limit on {@link #digest()}. */
  public static final int MAX_DIGEST_LENGTH = 36;
  /** MLflow's limit on {@link #source()}. */
  public static final int MAX_SOURCE_LENGTH = 65535;
  /** MLflow's limit on {@link #schema()}. */
  public static final int MAX_SCHEMA_LENGTH = 1048575;
  /** MLflow's limit on {@link #profile()}. */
  public static final int MAX_PROFILE_LENGTH = 16777215;
  /** MLflow's limit on an input tag's key. */
  public static final int MAX_TAG_KEY_LENGTH = 255;
  /** MLflow's limit on an input tag's value, {@link #context()} included. */
  public static final int MAX_TAG_VALUE_LENGTH = 500;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  /**
   * Checks every field against MLflow's rules and copies the tags.
   *
   * @throws IllegalArgumentException naming the field, its length or value, and the rule it breaks
   * @throws NullPointerException naming the field when a required one is {@code null}
   */
  public DatasetInput {
    requireText("dataset name", name, MAX_NAME_LENGTH);
    requireText("dataset digest", digest, MAX_DIGEST_LENGTH);
    requireText("dataset sourceType", sourceType, Integer.MAX_VALUE);
    requireLength("dataset source", Objects.requireNonNull(source, "dataset source must not be null"), MAX_SOURCE_LENGTH);
    if (schema != null) {
      requireLength("dataset schema", schema, MAX_SCHEMA_LENGTH);
    }
    if (profile != null) {
      requireLength("dataset profile", profile, MAX_PROFILE_LENGTH);
    }
    if (context != null) {
      requireLength("dataset context", context, MAX_TAG_VALUE_LENGTH);
    }
    Objects.requireNonNull(tags, "dataset input tags must not be null (use Map.of())");
    Map<String, String> copy = new TreeMap<>();
    tags.forEach((key, value) -> {
      requireText("input tag key", key, MAX_TAG_KEY_LENGTH);
      if (key.equals(CONTEXT_TAG)) {
        throw new IllegalArgumentException("input tag '" + CONTEXT_TAG + "' of dataset '" + name
            + "' is set through the context field, not the tags");
      }
      requireLength("value of input tag '" + key + "'",
          Objects.requireNonNull(value, () -> "value of input tag '" + key + "' must not be null"), MAX_TAG_VALUE_LENGTH);
      copy.put(key, value);
    });
    tags = Collections.unmodifiableMap(copy);
  }

  /** A dataset input with a context and no other tags; schema and profile may be {@code null}. */
  public static DatasetInput of(String name, String digest, String sourceType, String source, String schema,
      String profile, String context) {
    return new DatasetInput(name, digest, sourceType, source, schema, profile, context, Map.of());
  }

  /**
   * Every input tag as MLflow stores it: {@link #tags()} and, when there is a context, {@value #CONTEXT_TAG};
   * sorted by key, unmodifiable.
   */
  public Map<String, String> inputTags() {
    if (context == null) {
      return tags;
    }
    Map<String, String> all = new TreeMap<>(tags);
    all.put(CONTEXT_TAG, context);
    return Collections.unmodifiableMap(all);
  }

  /**
   * The digest MLflow can hold for a SHA-256: its first {@value #MAX_DIGEST_LENGTH} hex digits, lower case.
   *
   * @param sha256Hex 64 hex digits
   * @throws IllegalArgumentException if {@code sha256Hex} is not 64 hex digits
   */
  public static String digestOf(String sha256Hex) {
    if (sha256Hex == null || !SHA256_HEX.matcher(sha256Hex).matches()) {
      throw new IllegalArgumentException("a SHA-256 must be 64 hex digits, found '" + sha256Hex + "'");
    }
    return sha256Hex.substring(0, MAX_DIGEST_LENGTH).toLowerCase(Locale.ROOT);
  }

  private static void requireText(String field, String value, int max) {
    Objects.requireNonNull(value, () -> field + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, found '" + value + "'");
    }
    requireLength(field, value, max);
  }

  private static void requireLength(String field, String value, int max) {
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters (MLflow's "
          + "limit), found " + length + (length <= 80 ? ": '" + value + "'" : ""));
    }
  }
}
