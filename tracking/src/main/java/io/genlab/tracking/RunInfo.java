package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * A snapshot of a tracked run for readers such as reports: identity, status, params, tags and the
 * latest value of each metric.
 *
 * <p>Immutable and thread-safe; the maps are unmodifiable copies sorted by key. A metric's full
 * history is read with {@link Tracker#metricHistory(String, String)}.
 *
 * @param runId the run id, never {@code null}
 * @param experimentId the id of the experiment holding the run, never {@code null}
 * @param runName the run's display name, never {@code null} (may be empty)
 * @param status the status, never {@code null}
 * @param startTime when the run started, in milliseconds since the epoch
 * @param endTime when the run ended, in milliseconds since the epoch, or {@code null} while it runs
 * @param params param key to value, never {@code null}
 * @param tags tag key to value (system tags such as {@code mlflow.user} included), never {@code null}
 * @param metrics metric key to the value on the last line logged, never {@code null}
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunInfo(
    String runId,
    String experimentId,
    String runName,
    RunStatus status,
    long startTime,
    Long endTime,
    Map<String, String> params,
    Map<String, String> tags,
    Map<String, Double> metrics) {

  /** Checks for {@code null} and copies the maps. */
  public RunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(runName, "runName");
    Objects.requireNonNull(status, "status");
    params = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(params, "params")));
    tags = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(tags, "tags")));
    metrics = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(metrics, "metrics")));
  }

  /** The end time, or empty while the run has not ended. */
  public Optional<Long> endTimeIfEnded() {
    return Optional.ofNullable(endTime);
  }
}
