package io.genlab.tracking.testkit.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * MLflow 2.17's validation rules ({@code mlflow/utils/validation.py}), with its limits and
 * messages.
 *
 * <p>Where MLflow truncates over-long param and tag values (its {@code
 * MLFLOW_TRUNCATE_LONG_VALUES}, on by default), the fake refuses them unless told to truncate: a
 * value cut short on the server is data lost without an error. One rule is stricter than MLflow's:
 * Python's {@code $} lets a key end with a newline, the fake does not.
 */
public final class Validation {
  public static final int MAX_ENTITY_KEY_LENGTH = 250;
  public static final int MAX_PARAM_VAL_LENGTH = 6000;
  public static final int MAX_TAG_VAL_LENGTH = 8000;
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
  public static final int MAX_EXPERIMENT_TAG_KEY_LENGTH = 250;
  public static final int MAX_EXPERIMENT_TAG_VAL_LENGTH = 5000;
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  public static final int MAX_METRICS_PER_BATCH = 1000;
  public static final int MAX_ENTITIES_PER_BATCH = 1000;
  public static final int MAX_DATASETS_PER_BATCH = 1000;

  /**
   * The REST API reference's limit on a log-batch request body, in bytes. MLflow's own check
   * measures the parsed JSON object (its number of keys), so only proxies and Databricks enforce
   * it; the fake enforces it as documented.
   */
  public static final int MAX_BATCH_LOG_REQUEST_SIZE = 1_000_000;

  public static final int MAX_DATASET_NAME_SIZE = 500;
  public static final int MAX_DATASET_DIGEST_SIZE = 36;
  public static final int MAX_DATASET_SCHEMA_SIZE = 1_048_575;
  public static final int MAX_DATASET_SOURCE_SIZE = 65_535;
  public static final int MAX_DATASET_PROFILE_SIZE = 16_777_215;
  public static final int MAX_INPUT_TAG_KEY_SIZE = 255;
  public static final int MAX_INPUT_TAG_VALUE_SIZE = 500;

  /** {@code SEARCH_MAX_RESULTS_THRESHOLD}: the most runs or experiments one search page may ask. */
  public static final int SEARCH_MAX_RESULTS_THRESHOLD = 50_000;

  // Python's \w is Unicode-aware; so is this one.
  private static final Pattern KEY_CHARACTERS =
      Pattern.compile("[/\\w.\\- :]*", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern RUN_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,255}");
  private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,63}");
  private static final String BAD_CHARACTERS =
      "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ),"
          + " colon(:) and slashes (/).";

  private final boolean truncateLongValues;

  /**
   * @param truncateLongValues whether over-long param and tag values are cut to the limit, as
   *     MLflow does by default, instead of refused
   */
  public Validation(boolean truncateLongValues) {
    this.truncateLongValues = truncateLongValues;
  }

  /** A metric, param or tag key: allowed characters, not resolving to another path, length. */
  static void key(String path, String key, String entity) {
    if (!KEY_CHARACTERS.matcher(key).matches()) {
      throw MlflowError.invalidValue(path, key, BAD_CHARACTERS);
    }
    if (pathNotUnique(key)) {
      throw MlflowError.invalidValue(
          path,
          key,
          "Names may be treated as files in certain cases, and must not resolve to other names when"
              + " treated as such. This name would resolve to '"
              + normpath(key)
              + "'");
    }
    lengthAtMost(entity, MAX_ENTITY_KEY_LENGTH, key);
  }

  /** A param value: at most 6000 characters (cut to that when truncating). */
  String paramValue(String value) {
    return limited("Param value", MAX_PARAM_VAL_LENGTH, value);
  }

  /** A run tag value: at most 8000 characters (cut to that when truncating). */
  String tagValue(String path, String value) {
    return limited(path, MAX_TAG_VAL_LENGTH, value);
  }

  private String limited(String entity, int limit, String value) {
    if (value.codePointCount(0, value.length()) <= limit) {
      return value;
    }
    if (truncateLongValues) {
      return value.substring(0, value.offsetByCodePoints(0, limit));
    }
    throw MlflowError.invalid(exceedsMaximumLength(entity, limit));
  }

  static void lengthAtMost(String entity, int limit, String value) {
    if (value != null && value.codePointCount(0, value.length()) > limit) {
      throw MlflowError.invalid(exceedsMaximumLength(entity, limit));
    }
  }

  private static String exceedsMaximumLength(String entity, int limit) {
    return "'" + entity + "' exceeds the maximum length of " + limit + " characters";
  }

  static void metricTimestamp(String path, String key, long timestamp, double value) {
    if (timestamp < 0) {
      throw MlflowError.invalidValue(
          path,
          timestamp,
          "metric '"
              + key
              + "' (value="
              + value
              + "). Timestamp must be a nonnegative long (64-bit"
              + " integer) ");
    }
  }

  static void runId(String runId) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw MlflowError.invalidValue("run_id", runId, null);
    }
  }

  static void experimentId(String experimentId) {
    if (!EXPERIMENT_ID.matcher(experimentId).matches()) {
      throw MlflowError.invalid("Invalid experiment ID: '" + experimentId + "'");
    }
  }

  static void experimentName(String name) {
    if (name == null || name.isEmpty()) {
      throw MlflowError.invalid("Invalid experiment name: '" + (name == null ? "None" : "") + "'");
    }
    lengthAtMost("name", MAX_EXPERIMENT_NAME_LENGTH, name);
  }

  static void experimentTag(String key, String value) {
    key("key", key, "key");
    lengthAtMost("key", MAX_EXPERIMENT_TAG_KEY_LENGTH, key);
    lengthAtMost("value", MAX_EXPERIMENT_TAG_VAL_LENGTH, value);
  }

  static void batchLimits(int metrics, int params, int tags) {
    batchLimit("metrics", MAX_METRICS_PER_BATCH, metrics);
    batchLimit("params", MAX_PARAMS_TAGS_PER_BATCH, params);
    batchLimit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags);
    batchLimit("metrics, params, and tags", MAX_ENTITIES_PER_BATCH, metrics + params + tags);
  }

  static void batchLimit(String entity, int limit, int count) {
    if (count > limit) {
      throw MlflowError.invalid(
          "A batch logging request can contain at most "
              + limit
              + " "
              + entity
              + ". Got "
              + count
              + " "
              + entity
              + ". Please split up "
              + entity
              + " across multiple requests and try again.");
    }
  }

  static void batchRequestSize(int bytes) {
    if (bytes > MAX_BATCH_LOG_REQUEST_SIZE) {
      throw MlflowError.invalid(
          "Batched logging API requests must be at most "
              + MAX_BATCH_LOG_REQUEST_SIZE
              + " bytes, got a request of size "
              + bytes
              + ".");
    }
  }

  static void maxResults(String path, long maxResults) {
    if (maxResults < 1) {
      throw MlflowError.invalidValue(path, maxResults, "It must be a positive integer");
    }
    if (maxResults > SEARCH_MAX_RESULTS_THRESHOLD) {
      throw MlflowError.invalidValue(
          path, maxResults, "It must be at most " + SEARCH_MAX_RESULTS_THRESHOLD);
    }
  }

  /** {@code mlflow.utils.validation.path_not_unique}. */
  static boolean pathNotUnique(String name) {
    String norm = normpath(name);
    return !norm.equals(name) || norm.equals(".") || norm.startsWith("..") || norm.startsWith("/");
  }

  /** Python's {@code posixpath.normpath}. */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = 0;
    if (path.startsWith("/")) {
      initialSlashes = path.startsWith("//") && !path.startsWith("///") ? 2 : 1;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!part.equals("..")
          || (initialSlashes == 0 && parts.isEmpty())
          || (!parts.isEmpty() && parts.peekLast().equals(".."))) {
        parts.addLast(part);
      } else if (!parts.isEmpty()) {
        parts.removeLast();
      }
    }
    String joined = "/".repeat(initialSlashes) + String.join("/", parts);
    return joined.isEmpty() ? "." : joined;
  }
}
